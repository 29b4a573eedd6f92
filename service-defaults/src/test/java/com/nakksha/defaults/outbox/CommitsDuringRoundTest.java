package com.nakksha.defaults.outbox;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommitsDuringRoundTest {

    private static final OutboxKey HELD = new OutboxKey("booking.session", "s-1");
    private static final OutboxKey OTHER = new OutboxKey("booking.session", "s-2");
    private static final OutboxKey SAME_KEY_OTHER_TOPIC = new OutboxKey("booking.client", "s-1");

    @Test
    void aRoundIsTouchedOnlyByCommitsForOneOfItsKeys() {
        OutboxRelay.CommitsDuringRound commits = new OutboxRelay.CommitsDuringRound();
        assertThat(commits.touchedAny(Set.of(HELD))).isFalse();

        commits.committed(Set.of(OTHER, SAME_KEY_OTHER_TOPIC));
        assertThat(commits.touchedAny(Set.of(HELD))).isFalse();

        commits.committed(Set.of(HELD));
        assertThat(commits.touchedAny(Set.of(HELD))).isTrue();
    }

    @Test
    void aWakeUpForUnknownKeysTouchesEveryRound() {
        OutboxRelay.CommitsDuringRound commits = new OutboxRelay.CommitsDuringRound();
        commits.committedUnknownKeys();
        commits.committed(Set.of(OTHER));

        assertThat(commits.touchedAny(Set.of(HELD))).isTrue();
    }

    @Test
    void pastItsLimitItAnswersAsIfEveryKeyWereTouched() {
        OutboxRelay.CommitsDuringRound commits = new OutboxRelay.CommitsDuringRound();
        Set<OutboxKey> many = new HashSet<>();
        for (int i = 0; i < OutboxRelay.CommitsDuringRound.MAX_KEYS; i++) {
            many.add(new OutboxKey("booking.session", "k-" + i));
        }
        commits.committed(many);
        assertThat(commits.touchedAny(Set.of(HELD))).isFalse();

        commits.committed(Set.of(OTHER));
        assertThat(commits.touchedAny(Set.of(HELD))).isTrue();
    }
}
