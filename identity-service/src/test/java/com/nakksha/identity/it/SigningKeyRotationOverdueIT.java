package com.nakksha.identity.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nakksha.identity.AbstractIdentityIT;
import com.nakksha.identity.token.SigningKeys;
import com.nakksha.identity.token.TokenProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What ops see in the scrape when signing keys stop rotating: the seconds past the due time, until a rotation
 * (the SigningKeyRotationOverdue alert's metric).
 */
class SigningKeyRotationOverdueIT extends AbstractIdentityIT {

    private static final Pattern OVERDUE = Pattern.compile(
            "^nakksha_identity_signing_key_rotation_overdue_seconds\\{[^}]*application=\"identity-service\"[^}]*} (\\S+)$",
            Pattern.MULTILINE);

    @Autowired
    WebTestClient web;
    @Autowired
    SigningKeys signingKeys;
    @Autowired
    TokenProperties tokens;

    @AfterEach
    void leaveAKeySigningNow() {
        clock.reset();
        // The rotation below activated a key a month ahead of the real clock; the next tests expect the newest key to sign now.
        signingKeys.rotateNow().block();
    }

    @Test
    void reportsTheSecondsPastTheRotationDueTimeUntilTheRotationJobRuns() {
        signingKeys.rotateNow().block();
        assertThat(overdueSeconds()).isZero();

        clock.advance(tokens.keyRotationPeriod().minus(Duration.ofMinutes(1)));
        assertThat(overdueSeconds()).as("a minute before the newest key has signed for a whole period").isZero();

        // Two hours past due, the rotation job not having run (its interval is an hour in these tests).
        clock.advance(Duration.ofMinutes(1).plus(Duration.ofHours(2)));
        assertThat(overdueSeconds()).isBetween(7200.0, 7200.0 + 60);

        signingKeys.reloadAndRotateIfDue();
        assertThat(overdueSeconds()).isZero();
    }

    private double overdueSeconds() {
        String scrape = web.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build()
                .get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        Matcher gauge = OVERDUE.matcher(scrape);
        assertThat(gauge.find()).as("the scrape has the rotation-overdue gauge").isTrue();
        return Double.parseDouble(gauge.group(1));
    }
}
