package com.nakksha.booking.policy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientPolicyTest {

    private static final Instant START = Instant.parse("2026-12-10T04:30:00Z");

    @Test
    void changesCloseAtTheMinimumNoticeBeforeTheStart() {
        ClientPolicy policy = new ClientPolicy(120, 2, ClientPolicy.Refund.FULL, null, null);

        assertThat(policy.refusesChange(START, START.minus(Duration.ofMinutes(120)))).isEmpty();
        assertThat(policy.refusesChange(START, START.minus(Duration.ofMinutes(119)))).get().asString()
                .contains("120 minutes before").contains("2026-12-10T02:30:00Z");
    }

    @Test
    void reschedulesStopAtTheMaximum() {
        ClientPolicy policy = new ClientPolicy(0, 1, ClientPolicy.Refund.NONE, null, null);

        assertThat(policy.refusesReschedule(0)).isEmpty();
        assertThat(policy.refusesReschedule(1)).get().asString().contains("allows 1 reschedule ");
    }

    @Test
    void aPercentageRefundNeedsItsShareAndDeadlineAndNothingElseHasThem() {
        assertThatThrownBy(() -> new ClientPolicy(0, 0, ClientPolicy.Refund.PERCENTAGE, 50, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientPolicy(0, 0, ClientPolicy.Refund.FULL, 50, 60))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void aPercentageRefundsItsShareUpToTheDeadlineAndNothingAfter(@ForAll @IntRange(max = 100) int percent,
                                                                  @ForAll @IntRange(max = 10_000) int deadline,
                                                                  @ForAll @IntRange(min = -20_000, max = 20_000) int minutesBefore) {
        ClientPolicy policy = new ClientPolicy(0, 0, ClientPolicy.Refund.PERCENTAGE, percent, deadline);
        Instant now = START.minus(Duration.ofMinutes(minutesBefore));

        assertThat(policy.refundPercentAt(START, now)).isEqualTo(minutesBefore >= deadline ? percent : 0);
    }

    @Property
    void fullAndNoneDoNotDependOnTime(@ForAll @IntRange(min = -20_000, max = 20_000) int minutesBefore) {
        Instant now = START.minus(Duration.ofMinutes(minutesBefore));

        assertThat(new ClientPolicy(0, 0, ClientPolicy.Refund.FULL, null, null).refundPercentAt(START, now)).isEqualTo(100);
        assertThat(new ClientPolicy(0, 0, ClientPolicy.Refund.NONE, null, null).refundPercentAt(START, now)).isZero();
    }
}
