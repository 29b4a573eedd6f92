package com.nakksha.schemas;

import com.nakksha.events.BookingSource;
import com.nakksha.events.CancelledBy;
import com.nakksha.events.ClientCreated;
import com.nakksha.events.ConsultantApproved;
import com.nakksha.events.ConsultantEmailLinkRequested;
import com.nakksha.events.ConsultantLoginLinkRequested;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import com.nakksha.events.ConsultantRejected;
import com.nakksha.events.ConsultantSuspended;
import com.nakksha.events.EmailLinkPurpose;
import com.nakksha.events.MeetingPlatform;
import com.nakksha.events.PayableType;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentDeclineReason;
import com.nakksha.events.PaymentFailed;
import com.nakksha.events.PaymentOrderOpened;
import com.nakksha.events.PaymentMethod;
import com.nakksha.events.PaymentRefunded;
import com.nakksha.events.PaymentReturned;
import com.nakksha.events.PaymentStatus;
import com.nakksha.events.QuotationAccepted;
import com.nakksha.events.QuotationExpired;
import com.nakksha.events.QuotationRejected;
import com.nakksha.events.QuotationSent;
import com.nakksha.events.QuotationViewed;
import com.nakksha.events.QuotationWithdrawn;
import com.nakksha.events.SessionAbandoned;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionCompleted;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionHoldExtended;
import com.nakksha.events.SessionNoShow;
import com.nakksha.events.SessionPaymentDeclined;
import com.nakksha.events.SessionPaymentUpdated;
import com.nakksha.events.SessionRescheduled;
import com.nakksha.events.SessionType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/** One fully populated instance of every event type, plus a booking with every optional field empty. */
public final class SampleEvents {

    public static final UUID CONSULTANT_ID = UUID.fromString("5f0c6a0e-3a51-4d39-9d7e-0f3c1a2b4c5d");
    public static final Instant OCCURRED_AT = Instant.parse("2026-03-29T20:30:15.123Z");

    private static final UUID SESSION_ID = UUID.fromString("0b7e2a4c-95c1-4a36-8f5e-6d2b8e1f7a90");
    private static final UUID CLIENT_ID = UUID.fromString("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f");
    private static final UUID PAYMENT_ID = UUID.fromString("7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d");
    private static final UUID QUOTATION_ID = UUID.fromString("9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b");
    private static final UUID ADMIN_ID = UUID.fromString("a0a0a0a0-b1b1-4c2c-8d3d-e4e4e4e4e4e4");
    private static final Instant STARTS_AT = Instant.parse("2026-03-29T04:30:00Z");
    private static final Instant ENDS_AT = STARTS_AT.plus(Duration.ofMinutes(60));

    private SampleEvents() {
    }

    public static List<SpecificRecord> all() {
        return List.of(
                ConsultantRegistered.newBuilder().setEventId(eventId(1)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setEmail("asha.rao@example.in").setFirstName("Asha").setLastName("Rao")
                        .setPhoneCountryCode("+91").setPhoneNumber("9876543210").build(),
                ConsultantProfileUpdated.newBuilder().setEventId(eventId(2)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setSlug("asha-rao").setFirstName("Asha").setLastName("Rao").setConsultancySector("Career coaching")
                        .setDescription("Ten years of hiring at product companies.").setExperienceMonths(120)
                        .setPersonalSessionTitle("1:1 career review").setPersonalSessionPriceMinor(150_000L)
                        .setWebinarSessionTitle("Interview prep webinar").setWebinarSessionPriceMinor(49_900L)
                        .setCurrency("INR").setProfilePhotoUrl("https://cdn.example.in/p/asha.jpg")
                        .setInstagramUrl("https://instagram.com/asharao").setLinkedinUrl("https://linkedin.com/in/asharao")
                        .setTwitterUrl("https://x.com/asharao").setTimezone("Asia/Kolkata").setProfileVersion(7L).build(),
                ConsultantApproved.newBuilder().setEventId(eventId(3)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setApprovedBy(ADMIN_ID).build(),
                ConsultantRejected.newBuilder().setEventId(eventId(4)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setReason("Incomplete identity documents").setRejectedBy(ADMIN_ID).build(),
                ConsultantSuspended.newBuilder().setEventId(eventId(5)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setReason("Chargeback investigation").setSuspendedBy(ADMIN_ID).build(),
                SessionBooked.newBuilder().setEventId(eventId(6)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setSessionId(SESSION_ID).setClientId(CLIENT_ID).setClientName("Ravi Kumar").setClientEmail("ravi@example.in")
                        .setClientPhone("+919812345678").setSessionType(SessionType.PERSONAL).setTitle("1:1 career review")
                        .setStartsAt(STARTS_AT).setEndsAt(ENDS_AT).setDurationMinutes(60).setAmountMinor(150_000L)
                        .setCurrency("INR").setSource(BookingSource.PUBLIC).setPaymentStatus(PaymentStatus.PENDING)
                        .setPaymentMethod(PaymentMethod.RAZORPAY).setHoldExpiresAt(OCCURRED_AT.plus(Duration.ofMinutes(15)))
                        .setMeetingPlatform(MeetingPlatform.MEET).setMeetingLink("https://meet.example.com/abc-defg-hij")
                        .setConsultantTimezone("Asia/Kolkata").setNotes("Wants to discuss a job switch — नमस्ते").build(),
                SessionBooked.newBuilder().setEventId(eventId(7)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setSessionId(SESSION_ID).setClientId(CLIENT_ID).setClientName("Meera Iyer").setClientEmail("meera@example.in")
                        .setSessionType(SessionType.WEBINAR).setTitle("Interview prep webinar")
                        .setStartsAt(STARTS_AT).setEndsAt(ENDS_AT).setDurationMinutes(60).setAmountMinor(0L)
                        .setCurrency("INR").setSource(BookingSource.MANUAL).setPaymentStatus(PaymentStatus.PAID)
                        .setConsultantTimezone("Europe/Berlin").build(),
                SessionConfirmed.newBuilder().setEventId(eventId(8)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setSessionId(SESSION_ID).setClientId(CLIENT_ID).setStartsAt(STARTS_AT).setEndsAt(ENDS_AT)
                        .setMeetingLink("https://meet.example.com/abc-defg-hij").build(),
                SessionRescheduled.newBuilder().setEventId(eventId(9)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setSessionId(SESSION_ID).setPreviousStartsAt(STARTS_AT).setPreviousEndsAt(ENDS_AT)
                        .setStartsAt(STARTS_AT.plus(Duration.ofDays(1))).setEndsAt(ENDS_AT.plus(Duration.ofDays(1)))
                        .setReason("Client travelling").build(),
                SessionCancelled.newBuilder().setEventId(eventId(10)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setSessionId(SESSION_ID).setReason("Consultant unwell").setCancelledBy(CancelledBy.CONSULTANT).build(),
                SessionCompleted.newBuilder().setEventId(eventId(11)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setSessionId(SESSION_ID).build(),
                SessionNoShow.newBuilder().setEventId(eventId(12)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setSessionId(SESSION_ID).build(),
                SessionAbandoned.newBuilder().setEventId(eventId(13)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setSessionId(SESSION_ID).setHoldExpiredAt(OCCURRED_AT.minusSeconds(1)).build(),
                ClientCreated.newBuilder().setEventId(eventId(14)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setClientId(CLIENT_ID).setName("Ravi Kumar").setEmail("ravi@example.in").setPhone("+919812345678")
                        .setCity("Pune").setState("Maharashtra").setCountry("India").build(),
                PaymentCaptured.newBuilder().setEventId(eventId(15)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setPaymentId(PAYMENT_ID).setOrderId("order_Nk8s7d6f5g4h3j").setPayableType(PayableType.SESSION)
                        .setPayableId(SESSION_ID).setAmountMinor(150_000L).setCurrency("INR")
                        .setProviderPaymentId("pay_Nk8sAbCdEfGh12").setMethod("upi").setCapturedAfterHoldExpiry(false).build(),
                PaymentFailed.newBuilder().setEventId(eventId(16)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setPaymentId(PAYMENT_ID).setOrderId("order_Nk8s7d6f5g4h3j").setPayableType(PayableType.SESSION)
                        .setPayableId(SESSION_ID).setAmountMinor(150_000L).setCurrency("INR")
                        .setErrorCode("BAD_REQUEST_ERROR").setErrorDescription("Payment was declined by the bank").build(),
                PaymentRefunded.newBuilder().setEventId(eventId(17)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setPaymentId(PAYMENT_ID).setRefundId("rfnd_Nk9aBcDeFgHi34").setPayableType(PayableType.QUOTATION)
                        .setPayableId(QUOTATION_ID).setAmountMinor(2_500_000L).setCurrency("INR")
                        .setReason("Captured after the hold expired").build(),
                QuotationSent.newBuilder().setEventId(eventId(18)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setQuotationId(QUOTATION_ID).setClientName("Ravi Kumar").setClientEmail("ravi@example.in")
                        .setTitle("Three-month mentoring").setAmountMinor(2_500_000L).setCurrency("INR")
                        .setValidUntil(OCCURRED_AT.plus(Duration.ofDays(30)))
                        .setShareUrl("https://nakksha.example/q/3yJ8kP2m").build(),
                QuotationViewed.newBuilder().setEventId(eventId(19)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setQuotationId(QUOTATION_ID).setViewCount(3).build(),
                QuotationAccepted.newBuilder().setEventId(eventId(20)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setQuotationId(QUOTATION_ID).setAmountMinor(2_500_000L).setCurrency("INR")
                        .setClientName("Ravi Kumar").setClientEmail("ravi@example.in").setTitle("Website redesign")
                        .setPaymentCapabilityHash("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08").build(),
                QuotationRejected.newBuilder().setEventId(eventId(21)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setQuotationId(QUOTATION_ID).setReason("Over budget").build(),
                QuotationExpired.newBuilder().setEventId(eventId(22)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setQuotationId(QUOTATION_ID).build(),
                ConsultantEmailLinkRequested.newBuilder().setEventId(eventId(23)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setEmail("asha.rao@example.in").setFirstName("Asha").setPurpose(EmailLinkPurpose.EMAIL_VERIFICATION)
                        .setSealedToken("v1.k1.c2VhbGVkLXRva2VuLWJ5dGVz").setExpiresAt(OCCURRED_AT.plus(Duration.ofHours(24))).build(),
                SessionPaymentUpdated.newBuilder().setEventId(eventId(24)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setSessionId(SESSION_ID).setClientId(CLIENT_ID).setPreviousPaymentStatus(PaymentStatus.PENDING)
                        .setPaymentStatus(PaymentStatus.PAID).setPaymentMethod(PaymentMethod.CASH)
                        .setAmountMinor(150_000L).setCurrency("INR").build(),
                PaymentReturned.newBuilder().setEventId(eventId(25)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setPaymentId(PAYMENT_ID).setRefundId(UUID.fromString("3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a98"))
                        .setPayableType(PayableType.SESSION).setPayableId(SESSION_ID).setProviderPaymentId("pay_Nk8sZyXwVu98")
                        .setAmountMinor(150_000L).setCurrency("INR")
                        .setReason("The session was already paid by another payment").build(),
                PaymentOrderOpened.newBuilder().setEventId(eventId(26)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setPayableType(PayableType.SESSION).setPayableId(SESSION_ID).setOrderId("order_Nk8s7d6f5g4h3j")
                        .setAmountMinor(150_000L).setCurrency("INR").build(),
                SessionHoldExtended.newBuilder().setEventId(eventId(27)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setSessionId(SESSION_ID).setPreviousHoldExpiresAt(OCCURRED_AT.plus(Duration.ofMinutes(5)))
                        .setHoldExpiresAt(OCCURRED_AT.plus(Duration.ofMinutes(15))).build(),
                SessionPaymentDeclined.newBuilder().setEventId(eventId(28)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setSessionId(SESSION_ID).setPaymentId(PAYMENT_ID).setProviderPaymentId("pay_Nk8sAbCdEfGh12")
                        .setAmountMinor(150_000L).setCurrency("INR").setReason(PaymentDeclineReason.SLOT_TAKEN).build(),
                QuotationWithdrawn.newBuilder().setEventId(eventId(29)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setQuotationId(QUOTATION_ID).build(),
                ConsultantLoginLinkRequested.newBuilder().setEventId(eventId(30)).setOccurredAt(OCCURRED_AT).setConsultantId(CONSULTANT_ID)
                        .setEmail("asha.rao@example.in").setFirstName("Asha")
                        .setSealedToken("v1.k1.c2lnbi1pbi10b2tlbi1ieXRlcw").setExpiresAt(OCCURRED_AT.plus(Duration.ofMinutes(15))).build());
    }

    public static UUID eventId(int n) {
        return UUID.fromString(String.format("00000000-0000-4000-8000-%012d", n));
    }
}
