package com.nakksha.booking.session;

import com.nakksha.booking.availability.Availability;
import com.nakksha.booking.availability.AvailabilityBuilder;
import com.nakksha.booking.availability.MeetingPlatform;
import com.nakksha.booking.consultant.SessionType;
import com.nakksha.booking.money.Money;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionTest {

    private static final Instant NOW = Instant.parse("2026-06-01T06:00:00Z");
    private static final Instant START = Instant.parse("2026-06-03T04:30:00Z");
    private static final Duration HOLD = Duration.ofMinutes(15);
    private static final String ZOOM_LINK = "https://zoom.us/j/1234567890";
    private static final Map<MeetingPlatform, String> LINKS = Map.of(MeetingPlatform.ZOOM, ZOOM_LINK);
    private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
    private static final String CAPABILITY_HASH = PaymentCapability.hashOf("capability-of-the-client");
    private static final Attendee ATTENDEE = new Attendee(UUID.randomUUID(), "Asha Rao", "asha@example.in", "+91 9800000000");

    private static Availability rules(Duration bufferBefore, Duration bufferAfter) {
        return AvailabilityBuilder.in(ZONE.getId()).buffers(bufferBefore, bufferAfter).link(MeetingPlatform.ZOOM, ZOOM_LINK).build();
    }

    private static SessionDetails details(long amountMinor) {
        return new SessionDetails(SessionType.PERSONAL, "Career coaching", START, Duration.ofMinutes(60),
                new Money(amountMinor, Money.INR), MeetingPlatform.ZOOM, null, "about my CV", null);
    }

    private static Session publicBooking() {
        return Session.bookPublic(UUID.randomUUID(), UUID.randomUUID(), ATTENDEE, details(150000),
                rules(Duration.ofMinutes(10), Duration.ofMinutes(5)), HOLD, CAPABILITY_HASH, NOW).session();
    }

    private static Session freeBooking() {
        return Session.bookPublic(UUID.randomUUID(), UUID.randomUUID(), ATTENDEE, details(0),
                rules(Duration.ZERO, Duration.ZERO), HOLD, CAPABILITY_HASH, NOW).session();
    }

    private static Session manual(SessionStatus status, PaymentStatus payment, PaymentMethod method) {
        return Session.createManual(UUID.randomUUID(), UUID.randomUUID(), ATTENDEE, details(100000),
                rules(Duration.ZERO, Duration.ZERO), status, payment, method, NOW).session();
    }

    @Nested
    class PublicBooking {

        @Test
        void startsPendingWithAPaymentHoldAndRaisesSessionBooked() {
            Session.Created created = Session.bookPublic(UUID.randomUUID(), UUID.randomUUID(), ATTENDEE,
                    details(150000), rules(Duration.ofMinutes(10), Duration.ofMinutes(5)), HOLD, CAPABILITY_HASH, NOW);

            Session session = created.session();
            assertThat(session.status()).isEqualTo(SessionStatus.PENDING);
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.PENDING);
            assertThat(session.holdExpiresAt()).isEqualTo(NOW.plus(HOLD));
            assertThat(session.blockedTime().start()).isEqualTo(START.minus(Duration.ofMinutes(10)));
            assertThat(session.blockedTime().end()).isEqualTo(START.plus(Duration.ofMinutes(65)));
            assertThat(created.events()).containsExactly(new SessionEvent.Booked(session.id(), BookingSource.PUBLIC, ATTENDEE, ZOOM_LINK, ZONE, CAPABILITY_HASH, NOW));
        }

        @Test
        void aFreeSessionIsHeldPendingUntilItsBookerConfirmsTheirEmailAndRaisesOnlySessionBooked() {
            Session.Created created = Session.bookPublic(UUID.randomUUID(), UUID.randomUUID(), ATTENDEE, details(0),
                    rules(Duration.ZERO, Duration.ZERO), HOLD, CAPABILITY_HASH, NOW);

            Session session = created.session();
            assertThat(session.status()).isEqualTo(SessionStatus.PENDING);
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.PENDING);
            assertThat(session.holdExpiresAt()).isEqualTo(NOW.plus(HOLD));
            assertThat(session.awaitsEmailConfirmation()).isTrue();
            assertThat(created.events()).containsExactly(
                    new SessionEvent.Booked(session.id(), BookingSource.PUBLIC, ATTENDEE, ZOOM_LINK, ZONE, null, NOW));
        }

        @Test
        void aPricedSessionWaitsForItsPaymentNotForAnEmailConfirmation() {
            Session session = publicBooking();

            assertThat(session.awaitsEmailConfirmation()).isFalse();
            assertThatThrownBy(() -> session.confirmEmail(LINKS, NOW.plusSeconds(60)))
                    .isInstanceOf(SessionTransitionException.class)
                    .extracting(refused -> ((SessionTransitionException) refused).field()).isEqualTo("token");
            assertThat(session.status()).isEqualTo(SessionStatus.PENDING);
        }

        @Test
        void confirmingTheEmailConfirmsAndPaysAFreeSessionLikeACaptureAndASecondConfirmationChangesNothing() {
            Session session = freeBooking();
            Instant clicked = NOW.plusSeconds(120);

            List<SessionEvent> events = session.confirmEmail(LINKS, clicked);

            assertThat(events).containsExactly(
                    new SessionEvent.PaymentChanged(session.id(), PaymentStatus.PENDING, PaymentStatus.PAID, clicked),
                    new SessionEvent.Confirmed(session.id(), ZOOM_LINK, clicked));
            assertThat(session.status()).isEqualTo(SessionStatus.CONFIRMED);
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.PAID);
            assertThat(session.holdExpiresAt()).isNull();
            assertThat(session.awaitsEmailConfirmation()).isFalse();
            assertThat(session.confirmEmail(LINKS, clicked.plusSeconds(5))).isEmpty();
            assertThat(session.expireHold(NOW.plus(HOLD).plusSeconds(1))).isEmpty();
            assertThat(session.status()).isEqualTo(SessionStatus.CONFIRMED);
        }

        @Test
        void anUnconfirmedFreeSessionIsAbandonedWhenItsHoldRunsOutAndCanNoLongerBeConfirmed() {
            Session session = freeBooking();
            Instant late = NOW.plus(HOLD);

            List<SessionEvent> abandoned = session.expireHold(late);

            assertThat(abandoned).containsExactly(
                    new SessionEvent.Abandoned(session.id(), NOW.plus(HOLD), late),
                    new SessionEvent.PaymentChanged(session.id(), PaymentStatus.PENDING, PaymentStatus.FAILED, late));
            assertThat(session.status()).isEqualTo(SessionStatus.ABANDONED);
            assertThatThrownBy(() -> session.confirmEmail(LINKS, late.plusSeconds(1)))
                    .isInstanceOf(EmailConfirmationRefusedException.class)
                    .extracting(refused -> ((EmailConfirmationRefusedException) refused).getStatusCode().value()).isEqualTo(410);
            assertThat(session.status()).isEqualTo(SessionStatus.ABANDONED);
        }

        @Test
        void aConfirmationAfterTheHoldRanOutIsRefusedEvenBeforeTheExpiryRunsAndChangesNothing() {
            Session session = freeBooking();

            assertThatThrownBy(() -> session.confirmEmail(LINKS, NOW.plus(HOLD)))
                    .isInstanceOf(EmailConfirmationRefusedException.class)
                    .extracting(refused -> ((EmailConfirmationRefusedException) refused).getStatusCode().value()).isEqualTo(410);
            assertThat(session.status()).isEqualTo(SessionStatus.PENDING);
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.PENDING);
        }

        @Test
        void aCancelledFreeSessionCannotBeConfirmed() {
            Session session = freeBooking();
            session.cancelByClient("changed my mind", 100, NOW.plusSeconds(30));

            assertThatThrownBy(() -> session.confirmEmail(LINKS, NOW.plusSeconds(60)))
                    .isInstanceOf(EmailConfirmationRefusedException.class)
                    .extracting(refused -> ((EmailConfirmationRefusedException) refused).getStatusCode().value()).isEqualTo(409);
            assertThat(session.status()).isEqualTo(SessionStatus.CANCELLED);
        }

        @Test
        void aManualSessionIsNotConfirmedByEmail() {
            Session session = manual(SessionStatus.PENDING, PaymentStatus.PENDING, null);

            assertThat(session.awaitsEmailConfirmation()).isFalse();
            assertThatThrownBy(() -> session.confirmEmail(LINKS, NOW)).isInstanceOf(SessionTransitionException.class);
        }

        @Test
        void captureConfirmsAndPaysAndASecondCaptureChangesNothing() {
            Session session = publicBooking();

            List<SessionEvent> events = session.paymentCaptured("pay_123", LINKS, NOW.plusSeconds(60));

            assertThat(session.status()).isEqualTo(SessionStatus.CONFIRMED);
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.PAID);
            assertThat(session.paymentMethod()).isEqualTo(PaymentMethod.RAZORPAY);
            assertThat(session.paymentReference()).isEqualTo("pay_123");
            assertThat(session.holdExpiresAt()).isNull();
            assertThat(events).containsExactly(
                    new SessionEvent.PaymentChanged(session.id(), PaymentStatus.PENDING, PaymentStatus.PAID, NOW.plusSeconds(60)),
                    new SessionEvent.Confirmed(session.id(), ZOOM_LINK, NOW.plusSeconds(60)));
            assertThat(session.paymentCaptured("pay_123", LINKS, NOW.plusSeconds(61))).isEmpty();
            assertThat(session.expireHold(NOW.plus(HOLD).plusSeconds(1))).isEmpty();
        }

        @Test
        void aFailedPaymentKeepsTheHoldAndALaterCaptureStillConfirms() {
            Session session = publicBooking();

            assertThat(session.paymentFailed(NOW.plusSeconds(30))).hasSize(1);
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.FAILED);
            assertThat(session.status()).isEqualTo(SessionStatus.PENDING);
            assertThat(session.holdExpiresAt()).isEqualTo(NOW.plus(HOLD));
            assertThat(session.paymentFailed(NOW.plusSeconds(40))).isEmpty();

            session.paymentCaptured("pay_2", LINKS, NOW.plusSeconds(90));
            assertThat(session.status()).isEqualTo(SessionStatus.CONFIRMED);
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.PAID);
        }

        @Test
        void anOrderOpenedBeforeTheHoldRanOutExtendsItByTheGraceUpToTheMaximum() {
            Session session = publicBooking();
            Duration grace = Duration.ofMinutes(10);
            Duration maximum = Duration.ofMinutes(30);

            List<SessionEvent> first = session.extendHold(NOW.plusSeconds(840), grace, maximum, NOW.plusSeconds(841));

            assertThat(first).containsExactly(new SessionEvent.HoldExtended(session.id(), NOW.plus(HOLD),
                    NOW.plus(Duration.ofMinutes(25)), NOW.plusSeconds(841)));
            assertThat(session.holdExpiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(25)));
            assertThat(session.expireHold(NOW.plus(HOLD).plusSeconds(1))).isEmpty();
            assertThat(session.status()).isEqualTo(SessionStatus.PENDING);

            assertThat(session.extendHold(NOW.plus(Duration.ofMinutes(20)), grace, maximum, NOW.plus(Duration.ofMinutes(20))))
                    .containsExactly(new SessionEvent.HoldExtended(session.id(), NOW.plus(Duration.ofMinutes(25)),
                            NOW.plus(maximum), NOW.plus(Duration.ofMinutes(20))));
            assertThat(session.extendHold(NOW.plus(Duration.ofMinutes(21)), grace, maximum, NOW.plus(Duration.ofMinutes(21))))
                    .isEmpty();
            assertThat(session.holdExpiresAt()).isEqualTo(NOW.plus(maximum));
            assertThat(session.expireHold(NOW.plus(maximum))).hasSize(2);
        }

        @Test
        void anOrderOpenedAfterTheHoldRanOutOrForAPaidOrAbandonedBookingExtendsNothing() {
            Duration grace = Duration.ofMinutes(10);
            Duration maximum = Duration.ofMinutes(30);
            Session late = publicBooking();
            assertThat(late.extendHold(NOW.plus(HOLD), grace, maximum, NOW.plus(HOLD))).isEmpty();
            assertThat(late.holdExpiresAt()).isEqualTo(NOW.plus(HOLD));

            Session paid = publicBooking();
            paid.paymentCaptured("pay_1", LINKS, NOW.plusSeconds(60));
            assertThat(paid.extendHold(NOW.plusSeconds(30), grace, maximum, NOW.plusSeconds(70))).isEmpty();
            assertThat(paid.holdExpiresAt()).isNull();

            Session abandoned = publicBooking();
            abandoned.expireHold(NOW.plus(HOLD));
            assertThat(abandoned.extendHold(NOW.plusSeconds(60), grace, maximum, NOW.plus(HOLD).plusSeconds(1))).isEmpty();
            assertThat(abandoned.status()).isEqualTo(SessionStatus.ABANDONED);
        }

        @Test
        void anExpiredHoldIsAbandonedOnceAndNotBefore() {
            Session session = publicBooking();

            assertThat(session.expireHold(NOW.plus(HOLD).minusSeconds(1))).isEmpty();
            assertThat(session.status()).isEqualTo(SessionStatus.PENDING);

            List<SessionEvent> events = session.expireHold(NOW.plus(HOLD));

            assertThat(session.status()).isEqualTo(SessionStatus.ABANDONED);
            assertThat(session.status().occupiesTime()).isFalse();
            assertThat(events).containsExactly(new SessionEvent.Abandoned(session.id(), NOW.plus(HOLD), NOW.plus(HOLD)),
                    new SessionEvent.PaymentChanged(session.id(), PaymentStatus.PENDING, PaymentStatus.FAILED, NOW.plus(HOLD)));
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.FAILED);
            assertThat(session.expireHold(NOW.plus(HOLD).plusSeconds(5))).isEmpty();
        }

        @Test
        void aCaptureAfterAbandonmentConfirmsAndPaysAndTakesTheTimeBack() {
            Session session = publicBooking();
            session.expireHold(NOW.plus(HOLD));
            Instant late = NOW.plus(HOLD).plusSeconds(10);

            List<SessionEvent> events = session.paymentCaptured("pay_late", LINKS, late);

            assertThat(events).containsExactly(
                    new SessionEvent.PaymentChanged(session.id(), PaymentStatus.FAILED, PaymentStatus.PAID, late),
                    new SessionEvent.Confirmed(session.id(), ZOOM_LINK, late));
            assertThat(session.status()).isEqualTo(SessionStatus.CONFIRMED);
            assertThat(session.status().occupiesTime()).isTrue();
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.PAID);
            assertThat(session.holdExpiresAt()).isNull();
            assertThat(session.declinePayment(UUID.randomUUID(), "pay_late", new Money(150000, Money.INR),
                    SessionEvent.DeclineReason.SLOT_TAKEN, late)).isEmpty();
        }

        @Test
        void anAbandonedBookingWhoseTimeWasTakenDeclinesTheLateCaptureAndStaysAbandoned() {
            Session session = publicBooking();
            session.expireHold(NOW.plus(HOLD));
            UUID paymentId = UUID.randomUUID();
            Instant late = NOW.plus(HOLD).plusSeconds(10);

            List<SessionEvent> events = session.declinePayment(paymentId, "pay_late", new Money(150000, Money.INR),
                    SessionEvent.DeclineReason.SLOT_TAKEN, late);

            assertThat(events).containsExactly(new SessionEvent.PaymentDeclined(session.id(), paymentId, "pay_late",
                    new Money(150000, Money.INR), SessionEvent.DeclineReason.SLOT_TAKEN, late));
            assertThat(session.status()).isEqualTo(SessionStatus.ABANDONED);
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.FAILED);
        }

        @Test
        void aPendingOrCancelledBookingDeclinesNothing() {
            Session pending = publicBooking();
            assertThat(pending.declinePayment(UUID.randomUUID(), "pay_1", new Money(150000, Money.INR),
                    SessionEvent.DeclineReason.SLOT_TAKEN, NOW)).isEmpty();

            Session cancelled = publicBooking();
            cancelled.cancel("consultant unwell", NOW.plusSeconds(5));
            assertThat(cancelled.declinePayment(UUID.randomUUID(), "pay_2", new Money(150000, Money.INR),
                    SessionEvent.DeclineReason.SLOT_TAKEN, NOW.plusSeconds(10))).isEmpty();
            assertThat(cancelled.status()).isEqualTo(SessionStatus.CANCELLED);
        }

        /**
         * payment-service kept a capture it learnt of only after the client cancelled under a policy that refunds
         * half: the session stays cancelled, its payment is PAID, and the partial refund leaves it PAID.
         */
        @Test
        void aCaptureKeptForACancelledBookingRecordsItPaidAndLeavesItCancelledAndUnconfirmed() {
            Session session = publicBooking();
            session.cancelByClient("cannot make it", 50, NOW.plusSeconds(60));

            List<SessionEvent> events = session.paymentCaptured("pay_kept", LINKS, NOW.plusSeconds(120));

            assertThat(events).containsExactly(new SessionEvent.PaymentChanged(session.id(), PaymentStatus.PENDING,
                    PaymentStatus.PAID, NOW.plusSeconds(120)));
            assertThat(session.status()).isEqualTo(SessionStatus.CANCELLED);
            assertThat(session.status().occupiesTime()).isFalse();
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.PAID);
            assertThat(session.paymentMethod()).isEqualTo(PaymentMethod.RAZORPAY);
            assertThat(session.paymentReference()).isEqualTo("pay_kept");
            assertThat(session.paymentCaptured("pay_kept", LINKS, NOW.plusSeconds(130))).isEmpty();
            assertThat(session.paymentRefunded(false, NOW.plusSeconds(180))).isEmpty();
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.PAID);
            assertThat(session.paymentReturned("pay_second", NOW.plusSeconds(190))).isEmpty();
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.PAID);
        }

        @Test
        void aCaptureAcceptedBeforeTheCancellationWasKnownAndRefundedInFullEndsRefunded() {
            Session session = publicBooking();
            session.paymentFailed(NOW.plusSeconds(30));
            session.cancel("consultant unwell", NOW.plusSeconds(60));

            assertThat(session.paymentCaptured("pay_1", LINKS, NOW.plusSeconds(90))).containsExactly(
                    new SessionEvent.PaymentChanged(session.id(), PaymentStatus.FAILED, PaymentStatus.PAID, NOW.plusSeconds(90)));
            assertThat(session.paymentRefunded(true, NOW.plusSeconds(120))).containsExactly(
                    new SessionEvent.PaymentChanged(session.id(), PaymentStatus.PAID, PaymentStatus.REFUNDED, NOW.plusSeconds(120)));
            assertThat(session.status()).isEqualTo(SessionStatus.CANCELLED);
        }

        @Test
        void refundsOfAnAbandonedBookingAreStillRecorded() {
            Session session = publicBooking();
            session.expireHold(NOW.plus(HOLD));

            assertThat(session.paymentRefunded(true, NOW.plus(HOLD).plusSeconds(20))).hasSize(1);
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
            assertThat(session.paymentRefunded(true, NOW.plus(HOLD).plusSeconds(30))).isEmpty();
        }

        @Test
        void aPartialRefundLeavesThePaymentPaidAndAFullOneMakesItRefunded() {
            Session session = publicBooking();
            session.paymentCaptured("pay_1", LINKS, NOW.plusSeconds(60));

            assertThat(session.paymentRefunded(false, NOW.plusSeconds(120))).isEmpty();
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.PAID);

            assertThat(session.paymentRefunded(true, NOW.plusSeconds(180))).containsExactly(
                    new SessionEvent.PaymentChanged(session.id(), PaymentStatus.PAID, PaymentStatus.REFUNDED, NOW.plusSeconds(180)));
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
            assertThat(session.status()).isEqualTo(SessionStatus.CONFIRMED);
        }

        @Test
        void aRefundFromAWriterThatDoesNotSayHowMuchIsTakenAsFull() {
            Session session = publicBooking();
            session.paymentCaptured("pay_1", LINKS, NOW.plusSeconds(60));

            assertThat(session.paymentRefunded(null, NOW.plusSeconds(120))).hasSize(1);
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
        }

        @Test
        void aCaptureReturnedForABookingCancelledWhileItsPaymentWasUnknownMakesItRefundedOnce() {
            Session session = publicBooking();
            session.cancel("consultant unwell", NOW.plusSeconds(60));

            List<SessionEvent> events = session.paymentReturned("pay_unseen", NOW.plusSeconds(120));

            assertThat(events).containsExactly(new SessionEvent.PaymentChanged(session.id(), PaymentStatus.PENDING,
                    PaymentStatus.REFUNDED, NOW.plusSeconds(120)));
            assertThat(session.status()).isEqualTo(SessionStatus.CANCELLED);
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
            assertThat(session.paymentMethod()).isEqualTo(PaymentMethod.RAZORPAY);
            assertThat(session.paymentReference()).isEqualTo("pay_unseen");
            assertThat(session.paymentReturned("pay_unseen", NOW.plusSeconds(130))).isEmpty();
            assertThat(session.paymentCaptured("pay_unseen", LINKS, NOW.plusSeconds(140))).isEmpty();
            assertThat(session.paymentFailed(NOW.plusSeconds(150))).isEmpty();
            assertThat(session.paymentRefunded(true, NOW.plusSeconds(160))).isEmpty();
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
        }

        @Test
        void aCaptureReturnedForABookingCancelledAfterAFailedAttemptMakesItRefunded() {
            Session session = publicBooking();
            session.paymentFailed(NOW.plusSeconds(30));
            session.cancelByClient("changed my mind", 0, NOW.plusSeconds(60));

            assertThat(session.paymentReturned("pay_2", NOW.plusSeconds(120))).containsExactly(
                    new SessionEvent.PaymentChanged(session.id(), PaymentStatus.FAILED, PaymentStatus.REFUNDED, NOW.plusSeconds(120)));
            assertThat(session.paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
        }

        @Test
        void aReturnedSecondPaymentLeavesAPaidBookingWithItsOwnPaymentCancelledOrNot() {
            Session confirmed = publicBooking();
            confirmed.paymentCaptured("pay_1", LINKS, NOW.plusSeconds(60));
            assertThat(confirmed.paymentReturned("pay_2", NOW.plusSeconds(90))).isEmpty();
            assertThat(confirmed.paymentStatus()).isEqualTo(PaymentStatus.PAID);
            assertThat(confirmed.paymentReference()).isEqualTo("pay_1");

            Session cancelled = publicBooking();
            cancelled.paymentCaptured("pay_1", LINKS, NOW.plusSeconds(60));
            cancelled.cancel("consultant unwell", NOW.plusSeconds(70));
            assertThat(cancelled.paymentReturned("pay_2", NOW.plusSeconds(90))).isEmpty();
            assertThat(cancelled.paymentStatus()).isEqualTo(PaymentStatus.PAID);
            assertThat(cancelled.paymentReference()).isEqualTo("pay_1");
            // Its own capture's refund is what makes it REFUNDED.
            assertThat(cancelled.paymentRefunded(true, NOW.plusSeconds(120))).hasSize(1);
        }

        @Test
        void aReturnedCaptureLeavesALiveBookingPayableAndAnAbandonedOneAsItDeclinedIt() {
            Session pending = publicBooking();
            assertThat(pending.paymentReturned("pay_wrong_amount", NOW.plusSeconds(60))).isEmpty();
            assertThat(pending.status()).isEqualTo(SessionStatus.PENDING);
            assertThat(pending.paymentStatus()).isEqualTo(PaymentStatus.PENDING);
            assertThat(pending.paymentReference()).isNull();
            pending.paymentCaptured("pay_right", LINKS, NOW.plusSeconds(90));
            assertThat(pending.paymentStatus()).isEqualTo(PaymentStatus.PAID);

            Session abandoned = publicBooking();
            abandoned.expireHold(NOW.plus(HOLD));
            Instant late = NOW.plus(HOLD).plusSeconds(10);
            abandoned.declinePayment(UUID.randomUUID(), "pay_late", new Money(150000, Money.INR),
                    SessionEvent.DeclineReason.SLOT_TAKEN, late);
            assertThat(abandoned.paymentReturned("pay_late", late.plusSeconds(5))).isEmpty();
            assertThat(abandoned.status()).isEqualTo(SessionStatus.ABANDONED);
            assertThat(abandoned.paymentStatus()).isEqualTo(PaymentStatus.FAILED);
        }

        @Test
        void aCaptureJustAfterTheHoldRanOutButBeforeTheExpiryJobStillConfirms() {
            Session session = publicBooking();

            session.paymentCaptured("pay_1", LINKS, NOW.plus(HOLD).plusSeconds(2));

            assertThat(session.status()).isEqualTo(SessionStatus.CONFIRMED);
        }

        @Test
        void thePriceOfAPublicBookingCannotBeEdited() {
            Session session = publicBooking();

            assertThatThrownBy(() -> session.revise(null, new Money(1, Money.INR), null, null, null, null, NOW))
                    .isInstanceOf(SessionTransitionException.class).hasMessageContaining("price");
        }
    }

    @Nested
    class ManualCreation {

        @Test
        void isConfirmedWithoutHoldAndRaisesBookedFromManualThenConfirmed() {
            Session.Created created = Session.createManual(UUID.randomUUID(), UUID.randomUUID(), ATTENDEE,
                    details(100000), rules(Duration.ZERO, Duration.ZERO), SessionStatus.CONFIRMED, PaymentStatus.PAID,
                    PaymentMethod.CASH, NOW);

            assertThat(created.session().holdExpiresAt()).isNull();
            assertThat(created.session().paymentMethod()).isEqualTo(PaymentMethod.CASH);
            assertThat(created.events()).containsExactly(
                    new SessionEvent.Booked(created.session().id(), BookingSource.MANUAL, ATTENDEE, ZOOM_LINK, ZONE, null, NOW),
                    new SessionEvent.Confirmed(created.session().id(), ZOOM_LINK, NOW));
        }

        @Test
        void aPendingManualSessionRaisesOnlyBooked() {
            Session.Created created = Session.createManual(UUID.randomUUID(), UUID.randomUUID(), ATTENDEE,
                    details(100000), rules(Duration.ZERO, Duration.ZERO), SessionStatus.PENDING, PaymentStatus.PENDING, null, NOW);

            assertThat(created.events()).containsExactly(
                    new SessionEvent.Booked(created.session().id(), BookingSource.MANUAL, ATTENDEE, ZOOM_LINK, ZONE, null, NOW));
        }

        @Test
        void refusesOtherStartingStatesAndPaidWithoutAMethod() {
            assertThatThrownBy(() -> manual(SessionStatus.COMPLETED, PaymentStatus.PENDING, null))
                    .isInstanceOf(SessionTransitionException.class).extracting("field").isEqualTo("status");
            assertThatThrownBy(() -> manual(SessionStatus.CONFIRMED, PaymentStatus.REFUNDED, null))
                    .extracting("field").isEqualTo("paymentStatus");
            assertThatThrownBy(() -> manual(SessionStatus.CONFIRMED, PaymentStatus.PAID, null))
                    .extracting("field").isEqualTo("paymentMethod");
        }

        @Test
        void theMeetingLinkIsTheSessionsOwnOrTheConsultantsDefault() {
            Session session = manual(SessionStatus.CONFIRMED, PaymentStatus.PENDING, null);
            Map<MeetingPlatform, String> defaults = Map.of(MeetingPlatform.ZOOM, "https://zoom.example.com/j/1");

            assertThat(session.effectiveMeetingLink(defaults)).isEqualTo("https://zoom.example.com/j/1");
            session.revise(null, null, null, "https://zoom.example.com/j/own", null, null, NOW);
            assertThat(session.effectiveMeetingLink(defaults)).isEqualTo("https://zoom.example.com/j/own");
            session.revise(null, null, MeetingPlatform.TEAMS, "", null, null, NOW);
            assertThat(session.effectiveMeetingLink(defaults)).isNull();
        }
    }

    @Nested
    class StatusTransitions {

        @ParameterizedTest
        @CsvSource({
                "PENDING, CONFIRMED, true",
                "PENDING, CANCELLED, true",
                "PENDING, COMPLETED, false",
                "PENDING, NO_SHOW, false",
                "CONFIRMED, COMPLETED, true",
                "CONFIRMED, NO_SHOW, true",
                "CONFIRMED, CANCELLED, true",
                "CONFIRMED, PENDING, false",
                "COMPLETED, CANCELLED, false",
                "COMPLETED, NO_SHOW, false",
                "COMPLETED, CONFIRMED, false",
                "CANCELLED, CONFIRMED, false",
                "NO_SHOW, COMPLETED, false",
                "CONFIRMED, ABANDONED, false"
        })
        void followTheSessionLifecycle(SessionStatus from, SessionStatus to, boolean allowed) {
            Session session = inStatus(from);
            Instant afterStart = START.plusSeconds(3600);

            if (allowed) {
                List<SessionEvent> events = session.changeStatus(to, "client asked", LINKS, afterStart);
                assertThat(session.status()).isEqualTo(to);
                assertThat(events).singleElement().isInstanceOf(switch (to) {
                    case CONFIRMED -> SessionEvent.Confirmed.class;
                    case COMPLETED -> SessionEvent.Completed.class;
                    case NO_SHOW -> SessionEvent.NoShow.class;
                    case CANCELLED -> SessionEvent.Cancelled.class;
                    default -> throw new IllegalStateException();
                });
            } else {
                assertThatThrownBy(() -> session.changeStatus(to, "client asked", LINKS, afterStart))
                        .isInstanceOf(SessionTransitionException.class);
                assertThat(session.status()).isEqualTo(from);
            }
        }

        @Test
        void theSameStatusAgainChangesNothing() {
            Session session = inStatus(SessionStatus.CONFIRMED);

            assertThat(session.changeStatus(SessionStatus.CONFIRMED, null, LINKS, NOW)).isEmpty();
        }

        @Test
        void aSessionCannotBeCompletedOrMissedBeforeItStarts() {
            Session session = inStatus(SessionStatus.CONFIRMED);

            assertThatThrownBy(() -> session.complete(START.minusSeconds(1))).hasMessageContaining("before it starts");
            assertThatThrownBy(() -> session.markNoShow(START.minusSeconds(1))).hasMessageContaining("before it starts");
            assertThat(session.complete(START)).hasSize(1);
        }

        @Test
        void cancellingNeedsAReasonAndKeepsIt() {
            Session session = inStatus(SessionStatus.CONFIRMED);

            assertThatThrownBy(() -> session.cancel("  ", NOW)).extracting("field").isEqualTo("reason");
            assertThat(session.cancel(" travelling ", NOW))
                    .containsExactly(new SessionEvent.Cancelled(session.id(), "travelling",
                            SessionEvent.CancelledBy.CONSULTANT, null, NOW));
            assertThat(session.cancellationReason()).isEqualTo("travelling");
        }

        @Test
        void aClientsCancellationSaysWhoCancelledAndWhatThePolicyRefunds() {
            Session session = inStatus(SessionStatus.CONFIRMED);

            assertThat(session.cancelByClient(" cannot make it ", 40, NOW))
                    .containsExactly(new SessionEvent.Cancelled(session.id(), "cannot make it",
                            SessionEvent.CancelledBy.CLIENT, 40, NOW));
            assertThat(session.status()).isEqualTo(SessionStatus.CANCELLED);
        }

        /** A retry of a cancellation whose answer was lost, or the other party cancelling too: nothing more happens. */
        @Test
        void aCancelledSessionCancelledAgainRaisesNothingAndKeepsTheFirstReason() {
            Session session = inStatus(SessionStatus.CONFIRMED);
            session.cancelByClient("cannot make it", 40, NOW);

            assertThat(session.cancelByClient("again", 100, NOW.plusSeconds(5))).isEmpty();
            assertThat(session.cancel("consultant ill", NOW.plusSeconds(6))).isEmpty();
            assertThatThrownBy(() -> session.cancel(" ", NOW.plusSeconds(7))).extracting("field").isEqualTo("reason");
            assertThat(session.status()).isEqualTo(SessionStatus.CANCELLED);
            assertThat(session.cancellationReason()).isEqualTo("cannot make it");
            assertThat(session.updatedAt()).isEqualTo(NOW);
        }

        private Session inStatus(SessionStatus status) {
            Session session = manual(SessionStatus.PENDING, PaymentStatus.PENDING, null);
            Instant afterStart = START.plusSeconds(60);
            switch (status) {
                case PENDING -> { }
                case CONFIRMED -> session.confirm(LINKS, NOW);
                case COMPLETED -> {
                    session.confirm(LINKS, NOW);
                    session.complete(afterStart);
                }
                case NO_SHOW -> {
                    session.confirm(LINKS, NOW);
                    session.markNoShow(afterStart);
                }
                case CANCELLED -> session.cancel("changed plans", NOW);
                case ABANDONED -> throw new IllegalArgumentException("manual sessions are never abandoned");
            }
            return session;
        }
    }

    @Nested
    class PaymentTransitions {

        @ParameterizedTest
        @CsvSource({
                "PENDING, PAID, true",
                "PENDING, FAILED, true",
                "PENDING, REFUNDED, false",
                "FAILED, PAID, true",
                "FAILED, REFUNDED, false",
                "FAILED, PENDING, false",
                "PAID, REFUNDED, true",
                "PAID, PENDING, false",
                "PAID, FAILED, false",
                "REFUNDED, PAID, false",
                "REFUNDED, PENDING, false"
        })
        void followThePaymentLifecycle(PaymentStatus from, PaymentStatus to, boolean allowed) {
            Session session = withPayment(from);

            if (allowed) {
                assertThat(session.changePaymentStatus(to, PaymentMethod.UPI, NOW))
                        .containsExactly(new SessionEvent.PaymentChanged(session.id(), from, to, NOW));
                assertThat(session.paymentStatus()).isEqualTo(to);
            } else {
                assertThatThrownBy(() -> session.changePaymentStatus(to, PaymentMethod.UPI, NOW))
                        .isInstanceOf(SessionTransitionException.class).extracting("field").isEqualTo("paymentStatus");
                assertThat(session.paymentStatus()).isEqualTo(from);
            }
        }

        @Test
        void markingPaidNeedsAMethod() {
            Session session = withPayment(PaymentStatus.PENDING);

            assertThatThrownBy(() -> session.changePaymentStatus(PaymentStatus.PAID, null, NOW))
                    .extracting("field").isEqualTo("paymentMethod");
        }

        @ParameterizedTest
        @EnumSource(PaymentStatus.class)
        void theSameStatusAgainChangesNothing(PaymentStatus status) {
            Session session = withPayment(status);

            assertThat(session.changePaymentStatus(status, null, NOW)).isEmpty();
        }

        private Session withPayment(PaymentStatus status) {
            Session session = manual(SessionStatus.CONFIRMED, PaymentStatus.PENDING, null);
            switch (status) {
                case PENDING -> { }
                case PAID -> session.changePaymentStatus(PaymentStatus.PAID, PaymentMethod.CASH, NOW);
                case FAILED -> session.changePaymentStatus(PaymentStatus.FAILED, null, NOW);
                case REFUNDED -> {
                    session.changePaymentStatus(PaymentStatus.PAID, PaymentMethod.CASH, NOW);
                    session.changePaymentStatus(PaymentStatus.REFUNDED, null, NOW);
                }
            }
            return session;
        }
    }

    @Nested
    class Rescheduling {

        @Test
        void movesTheSessionAndReportsWhereItWas() {
            Session session = publicBooking();
            Instant later = START.plus(Duration.ofDays(1));

            List<SessionEvent> events = session.reschedule(later, null, "client travelling", NOW);

            assertThat(session.startsAt()).isEqualTo(later);
            assertThat(events).containsExactly(new SessionEvent.Rescheduled(session.id(), START, Duration.ofMinutes(60),
                    later, Duration.ofMinutes(60), "client travelling", SessionEvent.ChangedBy.CONSULTANT, NOW));
            assertThat(session.reschedule(later, Duration.ofMinutes(60), null, NOW)).isEmpty();
        }

        @Test
        void onlyPendingOrConfirmedSessionsMoveAndOnlyIntoTheFuture() {
            Session session = publicBooking();

            assertThatThrownBy(() -> session.reschedule(NOW.minusSeconds(1), null, null, NOW)).extracting("field").isEqualTo("startsAt");
            session.cancel("no longer needed", NOW);
            assertThatThrownBy(() -> session.reschedule(START.plusSeconds(3600), null, null, NOW))
                    .isInstanceOf(SessionTransitionException.class).hasMessageContaining("CANCELLED");
        }
    }
}
