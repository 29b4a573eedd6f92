package com.nakksha.identity.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;

class PasswordsTest {

    @Test
    void hashesBeyondThePermitsAreRefusedAtOnceInsteadOfQueueingUp() {
        Passwords passwords = new Passwords(new PasswordPolicy(Set.of()), new PasswordHasher(19456, 2, 1), 2, Duration.ZERO);

        long started = System.nanoTime();
        List<String> outcomes = Flux.range(0, 12)
                .flatMap(i -> passwords.hash("Some-Long-Passphrase-" + i)
                        .map(hash -> "hashed")
                        .onErrorResume(HashingBusy.class, busy -> Mono.just("busy")), 12)
                .collectList().block();

        assertThat(outcomes).contains("hashed", "busy");
        // The refused ones did not wait for the others: 12 hashes in a row would take far longer on this cost.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aFullHashingQueueAnswers503AskingToRetryAfterTwoSeconds() {
        HashingBusy busy = new HashingBusy();

        assertThat(busy.getStatusCode().value()).isEqualTo(503);
        assertThat(busy.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
    }

    @Test
    void theDefaultLimitFitsTheHeap() {
        PasswordProperties defaults = new PasswordProperties(19456, 2, 1, 0, Duration.ofSeconds(1));

        assertThat(defaults.concurrentHashes(256L * 1024 * 1024)).isBetween(1, 3);
        assertThat(defaults.concurrentHashes(16L * 1024 * 1024)).isEqualTo(1);
        assertThat(new PasswordProperties(19456, 2, 1, 7, Duration.ofSeconds(1)).concurrentHashes(1L << 40)).isEqualTo(7);
    }
}
