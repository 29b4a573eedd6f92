package com.nakksha.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.nakksha.events.BookingSource;
import com.nakksha.events.CancelledBy;
import com.nakksha.events.ClientCreated;
import com.nakksha.events.ConsultantApproved;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import com.nakksha.events.ConsultantSuspended;
import com.nakksha.events.PayableType;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentFailed;
import com.nakksha.events.PaymentMethod;
import com.nakksha.events.PaymentRefunded;
import com.nakksha.events.PaymentReturned;
import com.nakksha.events.PaymentStatus;
import com.nakksha.events.QuotationAccepted;
import com.nakksha.events.QuotationSent;
import com.nakksha.events.QuotationWithdrawn;
import com.nakksha.events.SessionAbandoned;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionCompleted;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionNoShow;
import com.nakksha.events.SessionPaymentUpdated;
import com.nakksha.events.SessionRescheduled;
import com.nakksha.events.SessionType;
import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;

/** Events as their owning services publish them; amounts in paise, instants UTC. */
public final class TestEvents {

    private TestEvents() {
    }

    public static ConsultantRegistered registered(UUID consultantId, Instant at) {
        return ConsultantRegistered.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setEmail(consultantId + "@example.com").setFirstName("Asha").setLastName("Rao")
                .setPhoneCountryCode("+91").setPhoneNumber("9876543210").build();
    }

    public static ConsultantApproved approved(UUID consultantId, Instant at) {
        return ConsultantApproved.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setApprovedBy(UUID.randomUUID()).build();
    }

    public static ConsultantSuspended suspended(UUID consultantId, Instant at) {
        return ConsultantSuspended.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setReason("chargebacks").setSuspendedBy(UUID.randomUUID()).build();
    }

    public static ConsultantProfileUpdated profile(UUID consultantId, String zone, long version, Instant at) {
        return ConsultantProfileUpdated.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setSlug("c-" + consultantId).setFirstName("Asha").setLastName("Rao").setCurrency("INR")
                .setTimezone(zone).setProfileVersion(version).build();
    }

    public static ClientCreated client(UUID consultantId, UUID clientId, Instant at) {
        return ClientCreated.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setClientId(clientId).setName("Ravi").setEmail(clientId + "@example.com").build();
    }

    public static SessionBooked booked(UUID consultantId, UUID sessionId, UUID clientId, SessionType type, BookingSource source,
                                       Instant startsAt, long amountMinor, PaymentStatus paymentStatus, PaymentMethod method,
                                       Instant at) {
        return SessionBooked.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setSessionId(sessionId).setClientId(clientId).setClientName("Ravi").setClientEmail(clientId + "@example.com")
                .setSessionType(type).setTitle("Career call").setStartsAt(startsAt).setEndsAt(startsAt.plus(Duration.ofHours(1)))
                .setDurationMinutes(60).setAmountMinor(amountMinor).setCurrency("INR").setSource(source)
                .setPaymentStatus(paymentStatus).setPaymentMethod(method)
                .setHoldExpiresAt(source == BookingSource.PUBLIC ? at.plus(Duration.ofMinutes(15)) : null)
                .setConsultantTimezone("Asia/Kolkata").build();
    }

    public static SessionConfirmed confirmed(UUID consultantId, UUID sessionId, UUID clientId, Instant startsAt, Instant at) {
        return SessionConfirmed.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setSessionId(sessionId).setClientId(clientId).setStartsAt(startsAt).setEndsAt(startsAt.plus(Duration.ofHours(1)))
                .build();
    }

    public static SessionRescheduled rescheduled(UUID consultantId, UUID sessionId, Instant from, Instant to, Instant at) {
        return SessionRescheduled.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setSessionId(sessionId).setPreviousStartsAt(from).setPreviousEndsAt(from.plus(Duration.ofHours(1)))
                .setStartsAt(to).setEndsAt(to.plus(Duration.ofHours(1))).build();
    }

    public static SessionCancelled cancelled(UUID consultantId, UUID sessionId, Instant at) {
        return SessionCancelled.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setSessionId(sessionId).setReason("ill").setCancelledBy(CancelledBy.CONSULTANT).build();
    }

    public static SessionCompleted completed(UUID consultantId, UUID sessionId, Instant at) {
        return SessionCompleted.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setSessionId(sessionId).build();
    }

    public static SessionNoShow noShow(UUID consultantId, UUID sessionId, Instant at) {
        return SessionNoShow.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setSessionId(sessionId).build();
    }

    public static SessionAbandoned abandoned(UUID consultantId, UUID sessionId, Instant at) {
        return SessionAbandoned.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setSessionId(sessionId).setHoldExpiredAt(at).build();
    }

    public static SessionPaymentUpdated paymentUpdated(UUID consultantId, UUID sessionId, UUID clientId, PaymentStatus previous,
                                                       PaymentStatus status, PaymentMethod method, long amountMinor, Instant at) {
        return SessionPaymentUpdated.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setSessionId(sessionId).setClientId(clientId).setPreviousPaymentStatus(previous).setPaymentStatus(status)
                .setPaymentMethod(method).setAmountMinor(amountMinor).setCurrency("INR").build();
    }

    public static PaymentCaptured captured(UUID consultantId, UUID paymentId, PayableType type, UUID payableId, long amountMinor,
                                           Long providerFeeMinor, Long platformFeeMinor, Instant at) {
        return PaymentCaptured.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setPaymentId(paymentId).setOrderId("order_" + paymentId).setPayableType(type).setPayableId(payableId)
                .setAmountMinor(amountMinor).setCurrency("INR").setProviderPaymentId("pay_" + paymentId).setMethod("upi")
                .setProviderFeeMinor(providerFeeMinor).setPlatformFeeMinor(platformFeeMinor).build();
    }

    public static PaymentRefunded refunded(UUID consultantId, UUID paymentId, PayableType type, UUID payableId, String refundId,
                                           long amountMinor, Instant at) {
        return PaymentRefunded.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setPaymentId(paymentId).setRefundId(refundId).setPayableType(type).setPayableId(payableId)
                .setAmountMinor(amountMinor).setCurrency("INR").build();
    }

    public static PaymentReturned returned(UUID consultantId, UUID paymentId, UUID payableId, long amountMinor, Instant at) {
        return PaymentReturned.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setPaymentId(paymentId).setRefundId(UUID.randomUUID()).setPayableType(PayableType.SESSION).setPayableId(payableId)
                .setProviderPaymentId("pay_" + paymentId).setAmountMinor(amountMinor).setCurrency("INR")
                .setReason("slot no longer held").build();
    }

    public static PaymentFailed failed(UUID consultantId, UUID paymentId, UUID payableId, long amountMinor, Instant at) {
        return PaymentFailed.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setPaymentId(paymentId).setOrderId("order_" + paymentId).setPayableType(PayableType.SESSION).setPayableId(payableId)
                .setAmountMinor(amountMinor).setCurrency("INR").setErrorCode("BAD_REQUEST_ERROR").build();
    }

    public static QuotationSent quotationSent(UUID consultantId, UUID quotationId, long amountMinor, Instant at) {
        return QuotationSent.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setQuotationId(quotationId).setClientName("Ravi").setClientEmail("ravi@example.com").setTitle("Audit")
                .setAmountMinor(amountMinor).setCurrency("INR").setValidUntil(at.plus(Duration.ofDays(14)))
                .setShareUrl("https://nakksha.local/q/" + quotationId).build();
    }

    public static QuotationWithdrawn quotationWithdrawn(UUID consultantId, UUID quotationId, Instant at) {
        return QuotationWithdrawn.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setQuotationId(quotationId).build();
    }

    public static QuotationAccepted quotationAccepted(UUID consultantId, UUID quotationId, long amountMinor, Instant at) {
        return QuotationAccepted.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at).setConsultantId(consultantId)
                .setQuotationId(quotationId).setAmountMinor(amountMinor).setCurrency("INR").build();
    }

    /** The topic the event's owning service writes. */
    public static Topic topicOf(SpecificRecord event) {
        for (Topic topic : Topic.values()) {
            if (topic.carries(event.getClass())) {
                return topic;
            }
        }
        throw new IllegalArgumentException("no topic carries " + event.getClass());
    }

    /** The record key the owning service uses: consultant, session, client, payable or quotation id. */
    public static String keyOf(SpecificRecord event) {
        String field = switch (topicOf(event)) {
            case IDENTITY_CONSULTANT -> "consultantId";
            case BOOKING_SESSION -> "sessionId";
            case BOOKING_CLIENT -> "clientId";
            case PAYMENT_PAYMENT -> "payableId";
            case QUOTATION_QUOTATION -> "quotationId";
        };
        return String.valueOf(event.get(event.getSchema().getField(field).pos()));
    }
}
