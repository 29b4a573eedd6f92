package com.nakksha.payment.payable;

import com.nakksha.payment.razorpay.AttemptStatus;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayablePropertiesTest {

    record Seen(String paymentId, AttemptStatus status) {
    }

    @Provide
    Arbitrary<List<Seen>> deliveries() {
        Arbitrary<Seen> one = Combinators.combine(
                Arbitraries.of("pay_A", "pay_B", "pay_C"),
                Arbitraries.of(AttemptStatus.CREATED, AttemptStatus.FAILED, AttemptStatus.AUTHORIZED, AttemptStatus.CAPTURED))
                .as(Seen::new);
        return one.list().ofMinSize(1).ofMaxSize(25);
    }

    @Property
    void whateverTheOrderAPayableHasAtMostOneCaptureAndEveryOtherCaptureIsReturned(@ForAll("deliveries") List<Seen> deliveries) {
        PayableTest.Ledgerless payable = new PayableTest.Ledgerless(PayableTest.session());

        for (Seen seen : deliveries) {
            payable.see(seen.paymentId(), seen.status());
        }

        long capturedIds = payable.attempts.values().stream().filter(a -> a.status() == AttemptStatus.CAPTURED).count();
        long returned = payable.events.stream().filter(PayableEvent.CaptureReturned.class::isInstance).count();
        assertThat(payable.captures()).isEqualTo(capturedIds > 0 ? 1 : 0);
        assertThat(returned).isEqualTo(Math.max(0, capturedIds - 1));
        assertThat(payable.payable.paymentState().isPaid()).isEqualTo(capturedIds > 0);
    }

    /**
     * A capture learnt of only after the cancellation gives the client exactly the cancellation's share, rounded down
     * to whole paise (all of it when the share is everything; none when the share is below Razorpay's minimum refund),
     * and the consultant keeps the rest as the payable's capture.
     */
    @Property
    void aCaptureAfterACancellationGivesTheClientTheShareRoundedDownAndTheConsultantTheRest(
            @ForAll @LongRange(min = 100, max = 10_000_000) long price, @ForAll("sharesOrEverything") Integer refundPercent) {
        Payable announced = Payable.announced(UUID.randomUUID(), PayableType.SESSION, UUID.randomUUID(), price, "INR",
                "Career review", null, null, null, OwnerStamp.at(PayableTest.NOW), PayableTest.NOW);
        announced.cancelled(refundPercent, OwnerStamp.at(PayableTest.NOW), PayableTest.NOW);
        PayableTest.Ledgerless payable = new PayableTest.Ledgerless(announced);

        payable.see("pay_A", AttemptStatus.CAPTURED, price);

        long toClient = payable.events.stream().mapToLong(event -> switch (event) {
            case PayableEvent.CaptureReturned returned -> returned.refund().amountMinor();
            case PayableEvent.RefundRequested requested -> requested.refund().amountMinor();
            default -> 0;
        }).sum();
        long share = Payable.cancellationShareOf(price, refundPercent);
        int percent = refundPercent == null ? 100 : refundPercent;
        assertThat(share * 100).isLessThanOrEqualTo(price * percent);
        assertThat((share + 1) * 100).isGreaterThan(price * percent);
        assertThat(toClient).isEqualTo(share == price || share >= Payable.MINIMUM_MINOR ? share : 0);
        assertThat(payable.payable.capturedMinor()).isEqualTo(share == price ? 0 : price);
        assertThat(payable.payable.refundReservedMinor()).isEqualTo(share == price ? 0 : toClient);
    }

    @Provide
    Arbitrary<Integer> sharesOrEverything() {
        return Arbitraries.integers().between(0, 100).injectNull(0.2);
    }

    @Property
    void thePaymentStateNeverMovesBackwards(@ForAll("deliveries") List<Seen> deliveries) {
        PayableTest.Ledgerless payable = new PayableTest.Ledgerless(PayableTest.session());
        PaymentState highest = payable.payable.paymentState();

        for (Seen seen : deliveries) {
            payable.see(seen.paymentId(), seen.status());
            assertThat(payable.payable.paymentState()).isGreaterThanOrEqualTo(highest);
            highest = payable.payable.paymentState();
        }
    }

    @Property
    void refundsNeverExceedTheCaptureAndAddUp(@ForAll("refundRequests") List<Long> requests) {
        PayableTest.Ledgerless payable = new PayableTest.Ledgerless(PayableTest.session());
        payable.see("pay_A", AttemptStatus.CAPTURED);
        PaymentAttempt captured = payable.attempts.get("pay_A");
        long processed = 0;

        for (Long requested : requests) {
            long before = payable.payable.refundReservedMinor();
            try {
                Refund refund = payable.payable.requestRefund(captured, requested, "partial", UUID.randomUUID(), PayableTest.NOW).refund();
                payable.payable.refundProcessed(refund, "rfnd_" + refund.id(), PayableTest.NOW);
                processed += refund.amountMinor();
            } catch (PayableRuleException refused) {
                assertThat(payable.payable.refundReservedMinor()).isEqualTo(before);
            }
            assertThat(payable.payable.refundedMinor()).isEqualTo(processed).isLessThanOrEqualTo(PayableTest.PRICE);
        }
        assertThat(payable.payable.paymentState())
                .isEqualTo(processed == PayableTest.PRICE ? PaymentState.REFUNDED
                        : processed > 0 ? PaymentState.PARTIALLY_REFUNDED : PaymentState.PAID);
    }

    @Provide
    Arbitrary<List<Long>> refundRequests() {
        Arbitrary<Long> amount = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just((Long) null)),
                Tuple.of(8, Arbitraries.longs().between(-10, PayableTest.PRICE + 10).map(Long::valueOf)));
        return amount.list().ofMaxSize(12);
    }

    @Property
    void thePlatformFeeIsWithinThePaymentAndHalfUpRounded(@ForAll @LongRange(min = 0, max = 10_000_000_000L) long amount,
                                                           @ForAll @BigRange(min = "0", max = "100") BigDecimal percent) {
        long fee = new PlatformFee(percent).of(amount);

        assertThat(fee).isBetween(0L, amount);
        BigDecimal exact = BigDecimal.valueOf(amount).multiply(percent).divide(BigDecimal.valueOf(100));
        assertThat(BigDecimal.valueOf(fee).subtract(exact).abs()).isLessThanOrEqualTo(new BigDecimal("0.5"));
    }

    @Property
    void aNegativeOrAboveHundredPercentFeeIsRefused(@ForAll @BigRange(min = "100.0001", max = "1000") @Scale(4) BigDecimal tooMuch) {
        assertThatThrownBy(() -> new PlatformFee(tooMuch)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlatformFee(tooMuch.negate())).isInstanceOf(IllegalArgumentException.class);
    }
}
