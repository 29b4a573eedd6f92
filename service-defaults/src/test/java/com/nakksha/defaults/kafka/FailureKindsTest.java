package com.nakksha.defaults.kafka;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.nakksha.defaults.failure.PrerequisiteNotYetApplied;
import com.nakksha.defaults.kafka.DeadLetterErrorHandlerFactory.FailureKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;

import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;

/** How the listener error handler classifies a failure, and how long it retries each kind (issue 13). */
class FailureKindsTest {

    private static final KafkaDefaultsProperties DEFAULTS = new KafkaDefaultsProperties(4, Duration.ofMillis(200),
            Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofHours(1), 3, (short) 1, true, "",
            Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofSeconds(15));

    private final DeadLetterErrorHandlerFactory factory = new DeadLetterErrorHandlerFactory(DEFAULTS, new SimpleMeterRegistry());

    @Test
    void aPrerequisiteNotYetAppliedIsItsOwnKindHoweverTheListenerWrapsIt() {
        PrerequisiteNotYetApplied early = new PrerequisiteNotYetApplied("session 42 is not in the replica yet (SessionBooked not applied)");

        assertThat(DeadLetterErrorHandlerFactory.kindOf(early)).isEqualTo(FailureKind.PREREQUISITE);
        assertThat(DeadLetterErrorHandlerFactory.kindOf(new ListenerExecutionFailedException("listener failed", early)))
                .isEqualTo(FailureKind.PREREQUISITE);
        assertThat(DeadLetterErrorHandlerFactory.kindOf(new ListenerExecutionFailedException("listener failed",
                Exceptions.propagate(early)))).isEqualTo(FailureKind.PREREQUISITE);
        assertThat(FailureKind.PREREQUISITE.tag()).isEqualTo("prerequisite");
    }

    @Test
    void otherFailuresKeepTheirKinds() {
        assertThat(DeadLetterErrorHandlerFactory.kindOf(new IllegalStateException("cannot handle this event")))
                .isEqualTo(FailureKind.PERMANENT);
        assertThat(DeadLetterErrorHandlerFactory.kindOf(new ListenerExecutionFailedException("listener failed",
                new ConnectException("Connection refused")))).isEqualTo(FailureKind.TRANSIENT);
        // The database going away while the listener looked for the prerequisite is an outage: no bound applies.
        assertThat(DeadLetterErrorHandlerFactory.kindOf(new IllegalStateException("wrapped",
                new ConnectException("Connection refused")))).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void aPrerequisiteIsRetriedWithTheTransientWaitsForAtMostTheConfiguredTimeThenDeadLettered() {
        List<Long> waits = waits(factory.backOffFor(FailureKind.PREREQUISITE).start(), 100_000);

        assertThat(waits).isNotEmpty().hasSizeLessThan(100_000);
        assertThat(waits.subList(0, 4)).containsExactly(200L, 400L, 800L, 1_600L);
        assertThat(waits).allMatch(wait -> wait <= Duration.ofSeconds(15).toMillis());
        long total = waits.stream().mapToLong(Long::longValue).sum();
        assertThat(total).isBetween(Duration.ofHours(1).toMillis(), Duration.ofHours(1).plusSeconds(15).toMillis());
    }

    @Test
    void anInfrastructureFailureIsRetriedWithoutEnd() {
        List<Long> waits = waits(factory.backOffFor(FailureKind.TRANSIENT).start(), 100_000);

        assertThat(waits).hasSize(100_000);
        assertThat(waits.getLast()).isEqualTo(Duration.ofSeconds(15).toMillis());
    }

    private static List<Long> waits(BackOffExecution execution, int atMost) {
        List<Long> waits = new ArrayList<>();
        for (long wait = execution.nextBackOff(); wait != BackOffExecution.STOP && waits.size() < atMost; wait = execution.nextBackOff()) {
            waits.add(wait);
        }
        return waits;
    }
}
