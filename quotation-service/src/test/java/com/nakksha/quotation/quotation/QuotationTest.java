package com.nakksha.quotation.quotation;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuotationTest {

    private static final Instant NOW = Instant.parse("2026-06-01T06:00:00Z");
    private static final Instant EXPIRY = NOW.plus(Duration.ofDays(7));
    private static final Duration VALIDITY = Duration.ofDays(30);
    private static final String HASH = "a".repeat(64);

    private static QuotationDetails details(Instant expiresAt) {
        return new QuotationDetails(null, "Ravi Kumar", "ravi@example.in", "Website redesign", "Five pages",
                Pricing.of(150000, new BigDecimal("10")), "INR", "Valid for 7 days", expiresAt, null, null);
    }

    private static Quotation draft(Instant expiresAt) {
        return Quotation.draft(UUID.randomUUID(), UUID.randomUUID(), details(expiresAt), NOW).quotation();
    }

    private static Quotation sent() {
        Quotation quotation = draft(EXPIRY);
        quotation.send(HASH, "https://nakksha.example/q/t", VALIDITY, NOW);
        return quotation;
    }

    private static Quotation viewed() {
        Quotation quotation = sent();
        quotation.view(false, NOW.plusSeconds(60));
        return quotation;
    }

    @Test
    void aNewDraftRaisesDrafted() {
        Quotation.Created created = Quotation.draft(UUID.randomUUID(), UUID.randomUUID(), details(null), NOW);
        assertThat(created.quotation().status()).isEqualTo(QuotationStatus.DRAFT);
        assertThat(created.events()).singleElement().isInstanceOf(QuotationEvent.Drafted.class);
    }

    @Nested
    class Editing {

        @Test
        void aDraftIsEditable() {
            Quotation quotation = draft(null);
            QuotationDetails changed = new QuotationDetails(null, "Ravi", "ravi@example.in", "Logo", null,
                    Pricing.of(5000, BigDecimal.ZERO), "INR", null, null, null, null);
            assertThat(quotation.edit(changed, NOW)).singleElement().isInstanceOf(QuotationEvent.Edited.class);
            assertThat(quotation.details()).isEqualTo(changed);
        }

        @Test
        void aQuotationThatWentOutIsNot() {
            Quotation quotation = sent();
            assertThatThrownBy(() -> quotation.edit(details(null), NOW))
                    .isInstanceOf(QuotationTransitionException.class).hasMessageContaining("SENT");
            assertThat(quotation.details().name()).isEqualTo("Website redesign");
        }
    }

    @Nested
    class Sending {

        @Test
        void movesToSentWithTheLinkInTheEvent() {
            Quotation quotation = draft(EXPIRY);
            List<QuotationEvent> events = quotation.send(HASH, "https://nakksha.example/q/t", VALIDITY, NOW);
            assertThat(quotation.status()).isEqualTo(QuotationStatus.SENT);
            assertThat(quotation.sentAt()).isEqualTo(NOW);
            assertThat(quotation.shareTokenHash()).isEqualTo(HASH);
            assertThat(events).singleElement().isEqualTo(new QuotationEvent.Sent(quotation.id(),
                    "https://nakksha.example/q/t", EXPIRY, NOW));
        }

        @Test
        void withoutAnExpiryTheDefaultValidityApplies() {
            Quotation quotation = draft(null);
            quotation.send(HASH, "u", VALIDITY, NOW);
            assertThat(quotation.details().expiresAt()).isEqualTo(NOW.plus(VALIDITY));
        }

        @Test
        void anExpiryInThePastIsRefused() {
            Quotation quotation = draft(NOW.minusSeconds(1));
            assertThatThrownBy(() -> quotation.send(HASH, "u", VALIDITY, NOW))
                    .isInstanceOfSatisfying(QuotationTransitionException.class, refused -> assertThat(refused.field()).isEqualTo("expiresAt"));
            assertThat(quotation.status()).isEqualTo(QuotationStatus.DRAFT);
        }

        @Test
        void aSentQuotationIsNotSentAgain() {
            Quotation quotation = sent();
            assertThatThrownBy(() -> quotation.send(HASH, "u", VALIDITY, NOW)).isInstanceOf(QuotationTransitionException.class);
        }
    }

    @Nested
    class Viewing {

        @Test
        void theFirstViewMovesToViewedAndIsAnnounced() {
            Quotation quotation = sent();
            List<QuotationEvent> events = quotation.view(false, NOW.plusSeconds(60));
            assertThat(quotation.status()).isEqualTo(QuotationStatus.VIEWED);
            assertThat(quotation.viewCount()).isEqualTo(1);
            assertThat(quotation.viewedAt()).isEqualTo(NOW.plusSeconds(60));
            assertThat(events).singleElement().isEqualTo(new QuotationEvent.Viewed(quotation.id(), 1, NOW.plusSeconds(60)));
        }

        @Test
        void laterViewsCountButAreAnnouncedOnlyWhenTheThrottleAllows() {
            Quotation quotation = viewed();
            assertThat(quotation.view(false, NOW.plusSeconds(120))).isEmpty();
            assertThat(quotation.view(true, NOW.plusSeconds(180))).singleElement()
                    .isEqualTo(new QuotationEvent.Viewed(quotation.id(), 3, NOW.plusSeconds(180)));
            assertThat(quotation.viewCount()).isEqualTo(3);
            assertThat(quotation.lastViewedAt()).isEqualTo(NOW.plusSeconds(180));
            assertThat(quotation.viewedAt()).isEqualTo(NOW.plusSeconds(60));
        }

        @Test
        void aViewAfterTheExpiryExpiresTheQuotationAndIsNotCounted() {
            Quotation quotation = sent();
            List<QuotationEvent> events = quotation.view(true, EXPIRY);
            assertThat(quotation.status()).isEqualTo(QuotationStatus.EXPIRED);
            assertThat(quotation.viewCount()).isZero();
            assertThat(events).singleElement().isInstanceOf(QuotationEvent.Expired.class);
        }

        @Test
        void aWithdrawnQuotationIsGone() {
            Quotation quotation = sent();
            quotation.withdraw(NOW);
            assertThatThrownBy(() -> quotation.view(true, NOW)).isInstanceOf(QuotationWithdrawnException.class);
        }

        @Test
        void anAnsweredQuotationCanStillBeViewed() {
            Quotation quotation = viewed();
            quotation.accept(HASH, NOW.plusSeconds(300));
            assertThat(quotation.view(true, NOW.plusSeconds(400))).singleElement().isInstanceOf(QuotationEvent.Viewed.class);
            assertThat(quotation.status()).isEqualTo(QuotationStatus.ACCEPTED);
        }
    }

    @Nested
    class Answering {

        @Test
        void acceptingMovesToAcceptedWithTheCapabilityHash() {
            Quotation quotation = viewed();
            List<QuotationEvent> events = quotation.accept(HASH, NOW.plusSeconds(300));
            assertThat(quotation.status()).isEqualTo(QuotationStatus.ACCEPTED);
            assertThat(quotation.respondedAt()).isEqualTo(NOW.plusSeconds(300));
            assertThat(events).singleElement().isEqualTo(new QuotationEvent.Accepted(quotation.id(), HASH, NOW.plusSeconds(300)));
        }

        @Test
        void aSentQuotationCanBeAcceptedWithoutAViewFirst() {
            Quotation quotation = sent();
            assertThat(quotation.accept(HASH, NOW)).hasSize(1);
        }

        @Test
        void acceptingTwiceRaisesNothingTheSecondTime() {
            Quotation quotation = viewed();
            quotation.accept(HASH, NOW.plusSeconds(300));
            assertThat(quotation.accept(HASH, NOW.plusSeconds(400))).isEmpty();
            assertThat(quotation.respondedAt()).isEqualTo(NOW.plusSeconds(300));
        }

        @Test
        void acceptingAfterTheExpiryIsRefusedAndExpiresIt() {
            Quotation quotation = viewed();
            assertThatThrownBy(() -> quotation.accept(HASH, EXPIRY.plusSeconds(1)))
                    .isInstanceOfSatisfying(ExpiredOnAccessException.class, refused -> assertThat(refused.events())
                            .singleElement().isInstanceOf(QuotationEvent.Expired.class));
            assertThat(quotation.status()).isEqualTo(QuotationStatus.EXPIRED);
        }

        @Test
        void rejectingKeepsTheReason() {
            Quotation quotation = viewed();
            List<QuotationEvent> events = quotation.reject("  Too expensive ", NOW.plusSeconds(300));
            assertThat(quotation.status()).isEqualTo(QuotationStatus.REJECTED);
            assertThat(quotation.rejectionReason()).isEqualTo("Too expensive");
            assertThat(events).singleElement().isEqualTo(new QuotationEvent.Rejected(quotation.id(), "Too expensive", NOW.plusSeconds(300)));
        }

        /** A retry of a reject whose answer was lost: it gets the first answer, nothing more happens. */
        @Test
        void rejectingARejectedQuotationAgainRaisesNothingAndKeepsTheFirstReasonAndTimes() {
            Quotation quotation = viewed();
            Instant first = NOW.plusSeconds(300);
            quotation.reject("Too expensive", first);

            assertThat(quotation.reject("Too expensive", NOW.plusSeconds(400))).isEmpty();
            assertThat(quotation.reject("Another reason", NOW.plusSeconds(500))).isEmpty();
            assertThat(quotation.reject(null, EXPIRY.plusSeconds(1))).isEmpty();
            assertThat(quotation.status()).isEqualTo(QuotationStatus.REJECTED);
            assertThat(quotation.rejectionReason()).isEqualTo("Too expensive");
            assertThat(quotation.respondedAt()).isEqualTo(first);
            assertThat(quotation.updatedAt()).isEqualTo(first);
        }

        @Test
        void anExpiredQuotationCannotBeRejected() {
            Quotation quotation = sent();
            quotation.expireIfDue(EXPIRY);
            assertThatThrownBy(() -> quotation.reject(null, EXPIRY.plusSeconds(1))).isInstanceOf(QuotationTransitionException.class);
            assertThat(quotation.status()).isEqualTo(QuotationStatus.EXPIRED);
            assertThat(quotation.respondedAt()).isNull();
        }

        @Test
        void aRejectedQuotationCannotBeAccepted() {
            Quotation quotation = viewed();
            quotation.reject(null, NOW);
            assertThatThrownBy(() -> quotation.accept(HASH, NOW)).isInstanceOf(QuotationTransitionException.class);
            assertThat(quotation.status()).isEqualTo(QuotationStatus.REJECTED);
        }

        @Test
        void anAcceptedQuotationCannotBeRejectedNorWithdrawn() {
            Quotation quotation = viewed();
            quotation.accept(HASH, NOW);
            assertThatThrownBy(() -> quotation.reject("changed my mind", NOW)).isInstanceOf(QuotationTransitionException.class);
            assertThatThrownBy(() -> quotation.withdraw(NOW)).isInstanceOf(QuotationTransitionException.class);
        }

        @Test
        void aDraftCannotBeAnswered() {
            Quotation quotation = draft(EXPIRY);
            assertThatThrownBy(() -> quotation.accept(HASH, NOW)).isInstanceOf(QuotationTransitionException.class);
            assertThatThrownBy(() -> quotation.reject(null, NOW)).isInstanceOf(QuotationTransitionException.class);
        }
    }

    @Nested
    class WithdrawingAndExpiring {

        @Test
        void aSentOrViewedQuotationCanBeWithdrawn() {
            Quotation quotation = viewed();
            assertThat(quotation.withdraw(NOW)).singleElement().isInstanceOf(QuotationEvent.Withdrawn.class);
            assertThat(quotation.status()).isEqualTo(QuotationStatus.WITHDRAWN);
            assertThatThrownBy(() -> quotation.accept(HASH, NOW)).isInstanceOf(QuotationWithdrawnException.class);
        }

        @Test
        void withdrawingASentQuotationRaisesWithdrawnAndTheClientCanNoLongerAnswer() {
            Quotation quotation = sent();
            Instant at = NOW.plusSeconds(120);
            assertThat(quotation.withdraw(at)).containsExactly(new QuotationEvent.Withdrawn(quotation.id(), at));
            assertThat(quotation.withdrawnAt()).isEqualTo(at);
            assertThatThrownBy(() -> quotation.accept(HASH, at)).isInstanceOf(QuotationWithdrawnException.class);
            assertThatThrownBy(() -> quotation.reject("too late", at)).isInstanceOf(QuotationWithdrawnException.class);
            assertThat(quotation.status()).isEqualTo(QuotationStatus.WITHDRAWN);
        }

        @Test
        void aDraftCannotBeWithdrawn() {
            assertThatThrownBy(() -> draft(null).withdraw(NOW)).isInstanceOf(QuotationTransitionException.class);
        }

        @Test
        void onlyAnOpenQuotationCanBeWithdrawn() {
            Quotation rejected = viewed();
            rejected.reject(null, NOW);
            assertThatThrownBy(() -> rejected.withdraw(NOW)).isInstanceOf(QuotationTransitionException.class);
            Quotation expired = sent();
            expired.expireIfDue(EXPIRY);
            assertThatThrownBy(() -> expired.withdraw(EXPIRY)).isInstanceOf(QuotationTransitionException.class);
        }

        /** A retry of a withdrawal whose answer was lost: it gets the first answer, nothing more happens. */
        @Test
        void withdrawingAWithdrawnQuotationAgainRaisesNothingAndChangesNothing() {
            Quotation quotation = viewed();
            Instant first = NOW.plusSeconds(120);
            quotation.withdraw(first);

            assertThat(quotation.withdraw(NOW.plusSeconds(180))).isEmpty();
            assertThat(quotation.withdraw(EXPIRY.plusSeconds(1))).isEmpty();
            assertThat(quotation.status()).isEqualTo(QuotationStatus.WITHDRAWN);
            assertThat(quotation.withdrawnAt()).isEqualTo(first);
            assertThat(quotation.updatedAt()).isEqualTo(first);
            assertThat(quotation.respondedAt()).isNull();
            assertThat(quotation.rejectionReason()).isNull();
        }

        @Test
        void aWithdrawnQuotationNeverExpires() {
            Quotation quotation = sent();
            quotation.withdraw(NOW);
            assertThat(quotation.expireIfDue(EXPIRY.plusSeconds(1))).isEmpty();
            assertThat(quotation.status()).isEqualTo(QuotationStatus.WITHDRAWN);
        }

        @Test
        void expiresOnlyWhenOpenAndDue() {
            Quotation quotation = sent();
            assertThat(quotation.expireIfDue(EXPIRY.minusMillis(1))).isEmpty();
            assertThat(quotation.expireIfDue(EXPIRY)).singleElement().isInstanceOf(QuotationEvent.Expired.class);
            assertThat(quotation.status()).isEqualTo(QuotationStatus.EXPIRED);
            assertThat(quotation.expireIfDue(EXPIRY.plusSeconds(1))).isEmpty();
        }

        @Test
        void anAcceptedQuotationNeverExpires() {
            Quotation quotation = viewed();
            quotation.accept(HASH, NOW);
            assertThat(quotation.expireIfDue(EXPIRY.plusSeconds(1))).isEmpty();
            assertThat(quotation.status()).isEqualTo(QuotationStatus.ACCEPTED);
        }
    }

    @Nested
    class DuplicatingAndPaying {

        @Test
        void aDuplicateIsAFreshDraftWithTheSameTerms() {
            Quotation original = viewed();
            Quotation.Created copy = original.duplicate(UUID.randomUUID(), NOW.plusSeconds(10));
            assertThat(copy.quotation().status()).isEqualTo(QuotationStatus.DRAFT);
            assertThat(copy.quotation().details()).isEqualTo(original.details());
            assertThat(copy.quotation().viewCount()).isZero();
            assertThat(copy.quotation().shareTokenHash()).isNull();
            assertThat(copy.events()).singleElement()
                    .isEqualTo(new QuotationEvent.Drafted(copy.quotation().id(), original.id(), NOW.plusSeconds(10)));
        }

        @Test
        void aDuplicateDropsAnExpiryThatPassed() {
            Quotation original = sent();
            original.expireIfDue(EXPIRY);
            assertThat(original.duplicate(UUID.randomUUID(), EXPIRY.plusSeconds(1)).quotation().details().expiresAt()).isNull();
        }

        @Test
        void anAcceptedQuotationIsPaidOnce() {
            Quotation quotation = viewed();
            quotation.accept(HASH, NOW);
            assertThat(quotation.paid(NOW.plusSeconds(5))).singleElement().isInstanceOf(QuotationEvent.Paid.class);
            assertThat(quotation.paid(NOW.plusSeconds(6))).isEmpty();
            assertThat(quotation.paidAt()).isEqualTo(NOW.plusSeconds(5));
        }

        @Test
        void anUnacceptedQuotationIsNotMarkedPaid() {
            Quotation quotation = viewed();
            assertThat(quotation.paid(NOW)).isEmpty();
            assertThat(quotation.paidAt()).isNull();
        }
    }
}
