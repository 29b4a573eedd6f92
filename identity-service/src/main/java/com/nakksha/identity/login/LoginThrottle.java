package com.nakksha.identity.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Failed logins kept in the database, so every instance of the service sees the same counts.
 * Subjects are the account as typed ({@code consultant:<email>}, {@code admin:<email>}) and the
 * client address ({@code address:<ip>}).
 */
@Component
public class LoginThrottle {

    private final DatabaseClient database;
    private final LoginThrottlePolicy policy;
    private final Clock clock;

    public LoginThrottle(DatabaseClient database, LoginProperties properties, Clock clock) {
        this.database = database;
        this.policy = properties.policy();
        this.clock = clock;
    }

    /** Fails with {@link LoginThrottled} when the account or the address has failed too often. */
    public Mono<Void> check(String accountSubject, String address) {
        Instant now = clock.instant();
        return Mono.zip(failures(accountSubject, now), failures(addressSubject(address), now))
                .flatMap(counts -> policy.retryAfter(counts.getT1(), counts.getT2(), now)
                        .map(wait -> Mono.<Void>error(new LoginThrottled(wait)))
                        .orElse(Mono.empty()));
    }

    public Mono<Void> recordFailure(String accountSubject, String address) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return database.sql("INSERT INTO login_failure (subject, failed_at) VALUES (:account, :now), (:address, :now)")
                .bind("account", accountSubject).bind("address", addressSubject(address)).bind("now", now)
                .fetch().rowsUpdated().then();
    }

    /** A successful login forgives the account's earlier failures (not the address's). */
    public Mono<Void> clearAccount(String accountSubject) {
        return database.sql("DELETE FROM login_failure WHERE subject = :subject").bind("subject", accountSubject)
                .fetch().rowsUpdated().then();
    }

    @Scheduled(fixedDelayString = "PT10M")
    public void forgetOldFailures() {
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(clock.instant().minus(policyWindow().multipliedBy(2)), ZoneOffset.UTC);
        database.sql("DELETE FROM login_failure WHERE failed_at < :cutoff").bind("cutoff", cutoff).fetch().rowsUpdated().block();
    }

    private Duration policyWindow() {
        return policy.window();
    }

    private Mono<List<Instant>> failures(String subject, Instant now) {
        return database.sql("SELECT failed_at FROM login_failure WHERE subject = :subject AND failed_at > :since")
                .bind("subject", subject)
                .bind("since", OffsetDateTime.ofInstant(now.minus(policy.window()), ZoneOffset.UTC))
                .map(row -> row.get("failed_at", OffsetDateTime.class).toInstant())
                .all().collectList();
    }

    private static String addressSubject(String address) {
        return "address:" + address;
    }
}
