package com.nakksha.defaults.outbox;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarksDuringRoundTest {

    private static final OutboxKey HELD = new OutboxKey("booking.session", "s-1");
    private static final OutboxKey OTHER = new OutboxKey("booking.session", "s-2");
    private static final OutboxKey SAME_KEY_OTHER_TOPIC = new OutboxKey("booking.client", "s-1");

    @Test
    void aRoundIsTouchedOnlyByMarksOfOneOfItsKeys() {
        OutboxRelay.MarksDuringRound marks = new OutboxRelay.MarksDuringRound();
        assertThat(marks.touchedAny(Set.of(HELD))).isFalse();

        marks.marked(Set.of(OTHER, SAME_KEY_OTHER_TOPIC));
        assertThat(marks.touchedAny(Set.of(HELD))).isFalse();

        marks.marked(Set.of(HELD));
        assertThat(marks.touchedAny(Set.of(HELD))).isTrue();
    }

    @Test
    void aWakeUpForUnknownKeysTouchesEveryRound() {
        OutboxRelay.MarksDuringRound marks = new OutboxRelay.MarksDuringRound();
        marks.markedUnknownKeys();
        marks.marked(Set.of(OTHER));

        assertThat(marks.touchedAny(Set.of(HELD))).isTrue();
    }

    @Test
    void pastItsLimitItAnswersAsIfEveryKeyWereTouched() {
        OutboxRelay.MarksDuringRound marks = new OutboxRelay.MarksDuringRound();
        Set<OutboxKey> many = new HashSet<>();
        for (int i = 0; i < OutboxRelay.MarksDuringRound.MAX_KEYS; i++) {
            many.add(new OutboxKey("booking.session", "k-" + i));
        }
        marks.marked(many);
        assertThat(marks.touchedAny(Set.of(HELD))).isFalse();

        marks.marked(Set.of(OTHER));
        assertThat(marks.touchedAny(Set.of(HELD))).isTrue();
    }
}
