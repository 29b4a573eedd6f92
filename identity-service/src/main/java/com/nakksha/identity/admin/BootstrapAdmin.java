package com.nakksha.identity.admin;

import java.time.Clock;
import java.util.UUID;

import com.nakksha.defaults.failure.TransientFailures;
import com.nakksha.identity.account.EmailAddress;
import com.nakksha.identity.password.Passwords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the first admin from configuration. Idempotent: restarts and several instances starting
 * together create one admin (the unique email index decides), and an existing admin's password is
 * never overwritten from configuration. A database still slow to answer at start-up is waited out
 * ({@link TransientFailures#atStartUp()}).
 */
@Component
class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final BootstrapAdminProperties properties;
    private final AdminAccounts admins;
    private final Passwords passwords;
    private final Clock clock;

    BootstrapAdmin(BootstrapAdminProperties properties, AdminAccounts admins, Passwords passwords, Clock clock) {
        this.properties = properties;
        this.admins = admins;
        this.passwords = passwords;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.email() == null || properties.email().isBlank()) {
            return;
        }
        EmailAddress email = EmailAddress.parse(properties.email());
        if (properties.password() == null) {
            throw new IllegalStateException("nakksha.identity.bootstrap-admin.password must be set with the email");
        }
        passwords.acceptable(properties.password());
        boolean exists = Boolean.TRUE.equals(admins.findByEmail(email).hasElement().retryWhen(TransientFailures.atStartUp()).block());
        if (exists) {
            return;
        }
        Boolean created = passwords.hash(properties.password())
                .flatMap(hash -> admins.insertIfAbsent(UUID.randomUUID(), email, hash, properties.fullName(), null, clock.instant()))
                // An insert that timed out may have committed: the retry then finds the email taken and creates nothing.
                .retryWhen(TransientFailures.atStartUp())
                .block();
        if (Boolean.TRUE.equals(created)) {
            log.info("Created the first admin {}", email);
        }
    }
}
