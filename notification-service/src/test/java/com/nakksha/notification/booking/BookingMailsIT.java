package com.nakksha.notification.booking;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.nakksha.events.BookingSource;
import com.nakksha.events.CancelledBy;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import com.nakksha.events.PayableType;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentFailed;
import com.nakksha.events.PaymentRefunded;
import com.nakksha.events.PaymentStatus;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionRescheduled;
import com.nakksha.events.SessionType;
import com.nakksha.notification.AbstractNotificationIT;
import com.nakksha.notification.MailParts;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.TestInfrastructure;
import com.nakksha.testsupport.TopicProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BookingMailsIT extends AbstractNotificationIT {

    @Autowired
    MeterRegistry meters;

    @Test
    void anUnpaidPublicBookingGetsThePayLinkAndTheTimeLeftInTheClientsZone() throws Exception {
        Booking booking = new Booking();
        Instant startsAt = Instant.parse("2031-03-10T09:30:00Z");
        booking.publicBooking(startsAt, Instant.now().plus(Duration.ofMinutes(15)), "Europe/London");

        MimeMessage mail = awaitMailTo(booking.clientEmail);

        assertThat(mail.getSubject()).isEqualTo("Complete your payment for Career call with Asha Rao");
        assertThat(MailParts.text(mail))
                .contains("http://localhost:8080/pay/" + booking.sessionId + "?capability=cap-" + booking.sessionId)
                .contains("Mon, 10 Mar 2031, 9:30 AM GMT (Europe/London)")
                .containsPattern("within 1[0-5] minutes")
                .contains("₹1,500.00");
    }

    @Test
    void withoutASealedCapabilityInTheEventThePayMailHasNoLink() throws Exception {
        Booking booking = new Booking();
        booking.book(Instant.parse("2031-03-11T09:30:00Z"), BookingSource.PUBLIC, PaymentStatus.PENDING,
                Instant.now().plus(Duration.ofMinutes(15)), "Europe/London", null);

        MimeMessage mail = awaitMailTo(booking.clientEmail);

        assertThat(mail.getSubject()).isEqualTo("Complete your payment for Career call with Asha Rao");
        assertThat(MailParts.text(mail)).doesNotContain("/pay/").contains("Complete the payment on the booking page");
        assertThat(MailParts.html(mail)).doesNotContain("/pay/").doesNotContain("Pay now");
    }

    @Test
    void noCompleteYourPaymentMailOnceTheCaptureArrivedFirst() throws Exception {
        Booking booking = new Booking();
        SessionBooked booked = booking.publicBooking(Instant.now().plus(Duration.ofDays(3)), Instant.now().plus(Duration.ofMinutes(15)),
                "Asia/Kolkata");
        PaymentCaptured capture = booking.capture();

        MimeMessage receipt = awaitMailTo(booking.clientEmail);
        assertThat(receipt.getSubject()).isEqualTo("Receipt: ₹1,500.00 for Career call");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(statusOf(booked.getEventId(), "BOOKING_RECEIVED")).isEqualTo("SKIPPED"));

        assertThat(mailsTo(booking.clientEmail)).hasSize(1);
        assertThat(statusOf(capture.getEventId(), "PAYMENT_RECEIPT")).isEqualTo("SENT");
    }

    /**
     * Issue 13: after a kill, this service read payment.payment ahead of booking.session, and a capture whose
     * SessionBooked it had not applied went to the dead-letter topic after the retries a bad record gets.
     */
    @Test
    void aCaptureReadBeforeItsSessionWaitsForSessionBookedThenTheReceiptGoesOutOnceAndNothingIsDeadLettered() throws Exception {
        Booking booking = new Booking();
        double waitsBefore = prerequisiteRetries();
        PaymentCaptured capture = booking.capture();

        // Past the 5 failed deliveries after which a record failing for a reason of its own is dead-lettered.
        await().atMost(Duration.ofSeconds(60)).until(() -> prerequisiteRetries() - waitsBefore >= 6);
        assertThat(statusOf(capture.getEventId(), "PAYMENT_RECEIPT")).isNull();
        booking.publicBooking(Instant.now().plus(Duration.ofDays(3)), Instant.now().plus(Duration.ofMinutes(15)), "Asia/Kolkata");

        awaitSubject(booking.clientEmail, "Receipt: ₹1,500.00 for Career call");
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(statusOf(capture.getEventId(), "PAYMENT_RECEIPT")));
        try (TopicProbe deadLetters = new TopicProbe(TestInfrastructure.kafka().getBrokersAsString(),
                Topic.PAYMENT_PAYMENT.deadLetterTopicName())) {
            assertThat(deadLetters.drain(Duration.ofSeconds(3)))
                    .noneMatch(record -> capture.getPaymentId().toString().equals(record.key()));
        }
        assertThat(subjects(booking.clientEmail)).filteredOn(subject -> subject.startsWith("Receipt:")).hasSize(1);
    }

    private double prerequisiteRetries() {
        return meters.find("nakksha.kafka.consumer.retries").tag("topic", Topic.PAYMENT_PAYMENT.topicName())
                .tag("kind", "prerequisite").counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void aFailedPaymentWhileTheHoldLivesGetsTheRetryLink() throws Exception {
        Booking booking = new Booking();
        booking.publicBooking(Instant.now().plus(Duration.ofDays(3)), Instant.now().plus(Duration.ofMinutes(15)), "Asia/Kolkata");
        send(Topic.PAYMENT_PAYMENT, UUID.randomUUID().toString(), PaymentFailed.newBuilder().setEventId(UUID.randomUUID())
                .setOccurredAt(now()).setConsultantId(booking.consultantId).setPaymentId(UUID.randomUUID()).setOrderId("order_1")
                .setPayableType(PayableType.SESSION).setPayableId(booking.sessionId).setAmountMinor(150000).setCurrency("INR")
                .setErrorDescription("Card declined by bank").build());

        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(booking.clientEmail).stream()
                .anyMatch(mail -> subject(mail).startsWith("Your payment for Career call did not go through")));
        MimeMessage failed = mailsTo(booking.clientEmail).stream()
                .filter(mail -> subject(mail).startsWith("Your payment")).findFirst().orElseThrow();

        assertThat(MailParts.text(failed)).contains("Card declined by bank")
                .contains("http://localhost:8080/pay/" + booking.sessionId + "?capability=cap-" + booking.sessionId);
    }

    @Test
    void theCalendarEventKeepsItsUidAndCountsItsSequenceThroughBookRescheduleRescheduleCancel() throws Exception {
        Booking booking = new Booking();
        Instant first = Instant.now().plus(Duration.ofDays(5)).truncatedTo(ChronoUnit.HOURS);
        booking.manualBooking(first);
        booking.confirm(first, "https://meet.example.test/abc");

        MimeMessage confirmation = awaitSubject(booking.clientEmail, "Confirmed: Career call with Asha Rao");
        assertThat(MailParts.text(confirmation)).contains("Join: https://meet.example.test/abc").contains("₹1,500.00")
                .as("a manual booking has no manage link").doesNotContain("/api/v1/public/bookings/");
        VEvent booked = invite(confirmation, "REQUEST");
        assertThat(booked.getUid().orElseThrow().getValue()).isEqualTo(booking.sessionId + "@nakksha");
        assertThat(booked.getSequence().getSequenceNo()).isZero();
        assertThat(booked.getDateTimeStart().getValue()).isEqualTo(ics(first));
        MimeMessage newBooking = awaitSubject(booking.consultantEmail, "New booking: ");
        assertThat(MailParts.text(newBooking)).contains("Rahul Client").contains("(America/New_York)");

        Instant second = first.plus(Duration.ofDays(1));
        booking.reschedule(first, second);
        VEvent moved = invite(awaitSubject(booking.clientEmail, "Moved: Career call"), "REQUEST");
        Instant third = second.plus(Duration.ofDays(1));
        booking.reschedule(second, third);
        await().atMost(Duration.ofSeconds(30)).until(() -> subjects(booking.clientEmail).stream().filter(s -> s.startsWith("Moved:")).count() == 2);
        booking.cancel("Consultant is unwell");
        MimeMessage cancellation = awaitSubject(booking.clientEmail, "Cancelled: Career call");
        VEvent cancelled = invite(cancellation, "CANCEL");

        List<Integer> sequences = mailsTo(booking.clientEmail).stream()
                .filter(mail -> subject(mail).startsWith("Moved:"))
                .map(mail -> invite(mail, "REQUEST").getSequence().getSequenceNo()).sorted().toList();
        assertThat(moved.getUid()).isEqualTo(booked.getUid());
        assertThat(sequences).containsExactly(1, 2);
        assertThat(cancelled.getUid()).isEqualTo(booked.getUid());
        assertThat(cancelled.getSequence().getSequenceNo()).isEqualTo(3);
        assertThat(cancelled.getStatus().getValue()).isEqualTo("CANCELLED");
        assertThat(MailParts.text(cancellation)).contains("Reason: Consultant is unwell");
        assertThat(awaitSubject(booking.consultantEmail, "Cancelled: Career call with Rahul Client")).isNotNull();
    }

    @Test
    void everyBookingMailToTheClientCarriesTheManageLinkWhichNotificationKeepsOnlySealed() throws Exception {
        Booking booking = new Booking();
        Instant start = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
        booking.publicBooking(start, Instant.now().plus(Duration.ofMinutes(15)), "Europe/London");
        MimeMessage received = awaitSubject(booking.clientEmail, "Complete your payment for Career call");
        booking.confirm(start, "https://meet.example.test/manage");
        MimeMessage confirmed = awaitSubject(booking.clientEmail, "Confirmed: Career call");
        Instant moved = start.plus(Duration.ofHours(1));
        booking.reschedule(start, moved);
        MimeMessage rescheduled = awaitSubject(booking.clientEmail, "Moved: Career call");
        await().atMost(Duration.ofSeconds(30)).until(() -> reminders(booking.sessionId, "QUEUED").size() == 2);
        clock.advance(Duration.between(Instant.now(), moved.minus(Duration.ofHours(24))).plusMinutes(1));
        MimeMessage reminder = awaitSubject(booking.clientEmail, "Reminder: Career call");
        booking.cancel("Travelling");
        MimeMessage cancelled = awaitSubject(booking.clientEmail, "Cancelled: Career call");

        String link = "http://localhost:8080/api/v1/public/bookings/" + booking.manageToken;
        for (MimeMessage mail : List.of(received, confirmed, rescheduled, reminder, cancelled)) {
            assertThat(MailParts.text(mail)).as(subject(mail)).contains(link);
            assertThat(MailParts.html(mail)).as(subject(mail)).contains("href=\"" + link + "\"");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> subjects(booking.consultantEmail).size() >= 3);
        assertThat(mailsTo(booking.consultantEmail)).as("the client's link is theirs alone")
                .allSatisfy(mail -> assertThat(MailParts.text(mail) + MailParts.html(mail)).doesNotContain(booking.manageToken));
        assertThat(database.sql("SELECT count(*) FROM email_log WHERE model::text LIKE :token")
                .bind("token", "%" + booking.manageToken + "%").map(row -> row.get(0, Long.class)).one().block())
                .as("the email log holds no open token").isZero();
        assertThat(database.sql("SELECT row_to_json(s)::text FROM booked_session s WHERE session_id = :id")
                .bind("id", booking.sessionId).map(row -> row.get(0, String.class)).one().block())
                .contains("\"sealed_manage_token\":\"v1." + LINK_KEY_ID + ".").doesNotContain(booking.manageToken);
    }

    @Test
    void aFreeBookingAsksItsBookerToConfirmByLinkAndTheConfirmationWithItsInviteComesOnlyOnceConfirmed() throws Exception {
        Booking booking = new Booking();
        Instant start = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
        // As booking seals it: TokenSeal's form, with dots and base64url characters.
        String token = "v1.test.Zm9vYmFy-_" + booking.sessionId;
        SessionBooked booked = booking.freeBooking(start, Instant.now().plus(Duration.ofMinutes(15)), token);

        MimeMessage ask = awaitSubject(booking.clientEmail, "Confirm your booking of Career call with Asha Rao");

        String link = "http://localhost:8080/confirm-booking?token=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(to(ask)).containsExactly("Rahul Client <" + booking.clientEmail + ">");
        assertThat(MailParts.text(ask)).contains(link).containsPattern("within 1[0-5] minutes")
                .contains("http://localhost:8080/api/v1/public/bookings/" + booking.manageToken).doesNotContain("/pay/");
        assertThat(MailParts.html(ask)).contains("href=\"" + link.replace("&", "&amp;") + "\"");
        assertThat(MailParts.all(ask)).as("no invite before the booking is confirmed").noneMatch(BookingMailsIT::isCalendar);
        assertThat(database.sql("SELECT count(*) FROM email_log WHERE model::text LIKE :token")
                .bind("token", "%" + token + "%").map(row -> row.get(0, Long.class)).one().block())
                .as("the email log holds the link only sealed").isZero();
        assertThat(statusOf(booked.getEventId(), "BOOKING_RECEIVED")).as("a free booking is never asked to pay").isNull();
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(subjects(booking.clientEmail)).containsExactly("Confirm your booking of Career call with Asha Rao");
            assertThat(mailsTo(booking.consultantEmail)).as("the consultant hears of it once it is confirmed").isEmpty();
        });

        booking.confirm(start, "https://meet.example.test/free");

        MimeMessage confirmed = awaitSubject(booking.clientEmail, "Confirmed: Career call with Asha Rao");
        assertThat(invite(confirmed, "REQUEST").getUid().orElseThrow().getValue()).isEqualTo(booking.sessionId + "@nakksha");
        assertThat(MailParts.text(confirmed)).contains("Join: https://meet.example.test/free");
        assertThat(awaitSubject(booking.consultantEmail, "New booking: ")).isNotNull();
    }

    @Test
    void aConfirmYourBookingMailFoundAfterTheHoldRanOutIsSkipped() throws Exception {
        Booking booking = new Booking();
        SessionBooked booked = booking.freeBooking(Instant.now().plus(Duration.ofDays(2)), Instant.now().minusSeconds(1),
                "v1.test.late-" + booking.sessionId);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(statusOf(booked.getEventId(), "BOOKING_EMAIL_CONFIRMATION")).isEqualTo("SKIPPED"));
        assertThat(mailsTo(booking.clientEmail)).isEmpty();
    }

    /**
     * Events of older writes of a session delivered after newer ones, as a re-drive from the dead-letter topic delivers
     * them: a move older than the one applied, a move and a confirmation of a cancelled session. They move nothing,
     * confirm nothing and mail nothing; the calendar event's SEQUENCE stays where the newer writes left it.
     */
    @Test
    void anOlderWriteDeliveredAfterNewerOnesMovesNothingConfirmsNothingAndMailsNothing() throws Exception {
        Booking booking = new Booking();
        Instant first = Instant.now().plus(Duration.ofDays(5)).truncatedTo(ChronoUnit.HOURS);
        Instant second = first.plus(Duration.ofDays(1));
        Instant third = first.plus(Duration.ofDays(2));
        Instant fourth = first.plus(Duration.ofDays(3));
        booking.manualBooking(first);
        booking.confirm(first, null, 1L);
        awaitSubject(booking.clientEmail, "Confirmed: Career call");
        booking.reschedule(first, third, 3L);
        awaitSubject(booking.clientEmail, "Moved: Career call");

        booking.reschedule(first, second, 2L);
        booking.reschedule(third, fourth, 4L);
        await().atMost(Duration.ofSeconds(30)).until(() -> subjects(booking.clientEmail).stream().filter(s -> s.startsWith("Moved:")).count() == 2);
        assertThat(database.sql("SELECT starts_at FROM booked_session WHERE session_id = :id").bind("id", booking.sessionId)
                .map(row -> row.get(0, java.time.OffsetDateTime.class).toInstant()).one().block()).isEqualTo(fourth);

        booking.cancel("Consultant is unwell", 5L);
        awaitSubject(booking.clientEmail, "Cancelled: Career call");
        booking.reschedule(third, second, 4L);
        booking.confirm(second, null, 1L);
        booking.reschedule(fourth, first, null);

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(subjects(booking.clientEmail)).filteredOn(s -> s.startsWith("Moved:")).hasSize(2);
            assertThat(subjects(booking.clientEmail)).filteredOn(s -> s.startsWith("Confirmed:")).hasSize(1);
            assertThat(reminders(booking.sessionId, "QUEUED")).isEmpty();
        });
        assertThat(database.sql("SELECT status || ' ' || ics_sequence FROM booked_session WHERE session_id = :id")
                .bind("id", booking.sessionId).map(row -> row.get(0, String.class)).one().block()).isEqualTo("CANCELLED 3");
    }

    @Test
    void remindersArePlannedAtConfirmationMovedByARescheduleAndTakenBackByACancel() {
        Booking booking = new Booking();
        Instant first = Instant.now().plus(Duration.ofDays(5)).truncatedTo(ChronoUnit.HOURS);
        booking.manualBooking(first);
        booking.confirm(first, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> reminders(booking.sessionId, "QUEUED").size() == 2);
        assertThat(reminders(booking.sessionId, "QUEUED"))
                .containsExactlyInAnyOrder(first.minus(Duration.ofHours(24)), first.minus(Duration.ofHours(1)));

        Instant second = first.plus(Duration.ofDays(2));
        booking.reschedule(first, second);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(reminders(booking.sessionId, "QUEUED"))
                .containsExactlyInAnyOrder(second.minus(Duration.ofHours(24)), second.minus(Duration.ofHours(1))));
        assertThat(reminders(booking.sessionId, "SKIPPED")).hasSize(2);

        booking.cancel("Client asked");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(reminders(booking.sessionId, "QUEUED")).isEmpty());
        assertThat(reminders(booking.sessionId, "SKIPPED")).hasSize(4);
    }

    @Test
    void aDueReminderIsSentOnceAndOneFoundOnlyAfterTheStartIsSkippedWithTheReason() throws Exception {
        Booking soon = new Booking();
        Instant start = Instant.now().plus(Duration.ofHours(1)).plus(Duration.ofSeconds(4)).truncatedTo(ChronoUnit.MILLIS);
        soon.manualBooking(start);
        soon.confirm(start, "https://meet.example.test/soon");

        MimeMessage reminder = awaitSubject(soon.clientEmail, "Reminder: Career call in 1 hour");
        assertThat(MailParts.text(reminder)).contains("Join: https://meet.example.test/soon");
        // The server has the mail a moment before the SENT mark commits (DeliveryJob marks it once SMTP answered).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(reminders(soon.sessionId, "SENT")).containsExactly(start.minus(Duration.ofHours(1))));

        Booking missed = new Booking();
        Instant later = Instant.now().plus(Duration.ofHours(1)).plus(Duration.ofSeconds(20)).truncatedTo(ChronoUnit.MILLIS);
        missed.manualBooking(later);
        missed.confirm(later, null);
        await().atMost(Duration.ofSeconds(15)).until(() -> reminders(missed.sessionId, "QUEUED").size() == 1);
        clock.advance(Duration.ofHours(2));

        await().atMost(Duration.ofSeconds(30)).until(() -> reminders(missed.sessionId, "SKIPPED").size() == 1);
        String reason = database.sql("SELECT skip_reason FROM email_log WHERE template = 'SESSION_REMINDER' AND model->>'sessionId' = :id")
                .bind("id", missed.sessionId.toString()).map(row -> row.get("skip_reason", String.class)).one().block();
        assertThat(reason).contains("after the session started");
        assertThat(subjects(missed.clientEmail)).noneMatch(subject -> subject.startsWith("Reminder"));
    }

    @Test
    void aRefundTellsTheAmountAndWhenItArrives() throws Exception {
        Booking booking = new Booking();
        booking.manualBooking(Instant.now().plus(Duration.ofDays(4)));
        send(Topic.PAYMENT_PAYMENT, UUID.randomUUID().toString(), PaymentRefunded.newBuilder().setEventId(UUID.randomUUID())
                .setOccurredAt(now()).setConsultantId(booking.consultantId).setPaymentId(UUID.randomUUID()).setRefundId("rfnd_1")
                .setPayableType(PayableType.SESSION).setPayableId(booking.sessionId).setAmountMinor(75000).setCurrency("INR").build());

        MimeMessage refund = awaitSubject(booking.clientEmail, "Refund of ₹750.00 for Career call");

        assertThat(MailParts.text(refund)).contains("5-7 business days");
    }

    private List<Instant> reminders(UUID sessionId, String status) {
        return database.sql("""
                        SELECT not_before FROM email_log
                        WHERE template = 'SESSION_REMINDER' AND status = :status AND model->>'sessionId' = :id""")
                .bind("status", status).bind("id", sessionId.toString())
                .map(row -> row.get("not_before", java.time.OffsetDateTime.class).toInstant())
                .all().collectList().block();
    }

    private static MimeMessage awaitSubject(String address, String prefix) {
        await().atMost(Duration.ofSeconds(30)).until(() -> subjects(address).stream().anyMatch(s -> s.startsWith(prefix)));
        return mailsTo(address).stream().filter(mail -> subject(mail).startsWith(prefix)).findFirst().orElseThrow();
    }

    private static List<String> subjects(String address) {
        return mailsTo(address).stream().map(BookingMailsIT::subject).toList();
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isCalendar(Part part) {
        try {
            return part.isMimeType("text/calendar");
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The mail's calendar attachment parsed back by ical4j, checked for its METHOD. */
    private static VEvent invite(MimeMessage mail, String method) {
        try {
            Part part = MailParts.all(mail).stream().filter(p -> {
                try {
                    return p.isMimeType("text/calendar");
                } catch (jakarta.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }).findFirst().orElseThrow(() -> new AssertionError("no text/calendar part"));
            String ics = new String(part.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(ics).contains("\r\n");
            Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
            assertThat(calendar.getMethod().getValue()).isEqualTo(method);
            return calendar.<VEvent>getComponent("VEVENT").orElseThrow();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String ics(Instant instant) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC).format(instant);
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** One consultant (in New York) and one client's session with them, driven by the events booking and payment publish. */
    private final class Booking {

        final UUID consultantId = UUID.randomUUID();
        final UUID sessionId = UUID.randomUUID();
        final String consultantEmail = "asha." + consultantId + "@example.test";
        final String clientEmail = "rahul." + sessionId + "@example.test";
        /** As booking issues it: 32 random bytes, base64url (43 characters). */
        final String manageToken = randomToken();
        Instant startsAt;

        Booking() {
            send(Topic.IDENTITY_CONSULTANT, consultantId.toString(), ConsultantRegistered.newBuilder().setEventId(UUID.randomUUID())
                    .setOccurredAt(now()).setConsultantId(consultantId).setEmail(consultantEmail).setFirstName("Asha")
                    .setLastName("Rao").setPhoneCountryCode("+91").setPhoneNumber("9800000000").build());
            send(Topic.IDENTITY_CONSULTANT, consultantId.toString(), ConsultantProfileUpdated.newBuilder().setEventId(UUID.randomUUID())
                    .setOccurredAt(now()).setConsultantId(consultantId).setSlug("asha-" + consultantId).setFirstName("Asha")
                    .setLastName("Rao").setCurrency("INR").setTimezone("America/New_York").setProfileVersion(1).build());
            await().atMost(Duration.ofSeconds(30)).until(() -> database.sql("SELECT count(*) FROM contact WHERE consultant_id = :id AND time_zone IS NOT NULL")
                    .bind("id", consultantId).map(row -> row.get(0, Long.class)).one().block() == 1);
        }

        SessionBooked publicBooking(Instant startsAt, Instant holdExpiresAt, String clientZone) {
            return book(startsAt, BookingSource.PUBLIC, PaymentStatus.PENDING, holdExpiresAt, clientZone,
                    seal("cap-" + sessionId, "PAYMENT:" + sessionId));
        }

        /** A free public booking awaiting its booker's confirmation, with the link's token sealed as booking seals it. */
        SessionBooked freeBooking(Instant startsAt, Instant holdExpiresAt, String confirmationToken) {
            this.startsAt = startsAt;
            SessionBooked booked = SessionBooked.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                    .setConsultantId(consultantId).setSessionId(sessionId).setClientId(UUID.randomUUID())
                    .setClientName("Rahul Client").setClientEmail(clientEmail).setSessionType(SessionType.PERSONAL)
                    .setTitle("Career call").setStartsAt(startsAt).setEndsAt(startsAt.plus(Duration.ofHours(1)))
                    .setDurationMinutes(60).setAmountMinor(0).setCurrency("INR").setSource(BookingSource.PUBLIC)
                    .setPaymentStatus(PaymentStatus.PENDING).setHoldExpiresAt(holdExpiresAt)
                    .setConsultantTimezone("America/New_York").setClientTimezone("Asia/Kolkata")
                    .setSealedManageToken(seal(manageToken, "MANAGE:" + sessionId))
                    .setSealedEmailConfirmationToken(seal(confirmationToken, "CONFIRM_EMAIL:" + sessionId)).build();
            send(Topic.BOOKING_SESSION, sessionId.toString(), booked);
            return booked;
        }

        SessionBooked manualBooking(Instant startsAt) {
            return book(startsAt, BookingSource.MANUAL, PaymentStatus.PAID, null, null, null);
        }

        private SessionBooked book(Instant startsAt, BookingSource source, PaymentStatus paymentStatus, Instant holdExpiresAt,
                                   String clientZone, String capability) {
            this.startsAt = startsAt;
            SessionBooked booked = SessionBooked.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                    .setConsultantId(consultantId).setSessionId(sessionId).setClientId(UUID.randomUUID())
                    .setClientName("Rahul Client").setClientEmail(clientEmail).setSessionType(SessionType.PERSONAL)
                    .setTitle("Career call").setStartsAt(startsAt).setEndsAt(startsAt.plus(Duration.ofHours(1)))
                    .setDurationMinutes(60).setAmountMinor(150000).setCurrency("INR").setSource(source)
                    .setPaymentStatus(paymentStatus).setHoldExpiresAt(holdExpiresAt).setConsultantTimezone("America/New_York")
                    .setClientTimezone(clientZone).setSealedPaymentCapability(capability)
                    .setSealedManageToken(source == BookingSource.PUBLIC ? seal(manageToken, "MANAGE:" + sessionId) : null).build();
            send(Topic.BOOKING_SESSION, sessionId.toString(), booked);
            return booked;
        }

        PaymentCaptured capture() {
            PaymentCaptured capture = PaymentCaptured.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                    .setConsultantId(consultantId).setPaymentId(UUID.randomUUID()).setOrderId("order_1")
                    .setPayableType(PayableType.SESSION).setPayableId(sessionId).setAmountMinor(150000).setCurrency("INR")
                    .setProviderPaymentId("pay_" + sessionId.toString().substring(0, 8)).build();
            send(Topic.PAYMENT_PAYMENT, capture.getPaymentId().toString(), capture);
            return capture;
        }

        void confirm(Instant startsAt, String meetingLink) {
            confirm(startsAt, meetingLink, null);
        }

        /** @param version the write's {@code sessionVersion}; null as writers before the field sent it */
        void confirm(Instant startsAt, String meetingLink, Long version) {
            send(Topic.BOOKING_SESSION, sessionId.toString(), SessionConfirmed.newBuilder().setEventId(UUID.randomUUID())
                    .setOccurredAt(now()).setConsultantId(consultantId).setSessionId(sessionId).setClientId(UUID.randomUUID())
                    .setStartsAt(startsAt).setEndsAt(startsAt.plus(Duration.ofHours(1))).setMeetingLink(meetingLink)
                    .setSessionVersion(version).build());
        }

        void reschedule(Instant from, Instant to) {
            reschedule(from, to, null);
        }

        /** @param version the write's {@code sessionVersion}; null as writers before the field sent it */
        void reschedule(Instant from, Instant to, Long version) {
            send(Topic.BOOKING_SESSION, sessionId.toString(), SessionRescheduled.newBuilder().setEventId(UUID.randomUUID())
                    .setOccurredAt(now()).setConsultantId(consultantId).setSessionId(sessionId)
                    .setPreviousStartsAt(from).setPreviousEndsAt(from.plus(Duration.ofHours(1)))
                    .setStartsAt(to).setEndsAt(to.plus(Duration.ofHours(1))).setReason("Clash").setSessionVersion(version).build());
        }

        void cancel(String reason) {
            cancel(reason, null);
        }

        /** @param version the write's {@code sessionVersion}; null as writers before the field sent it */
        void cancel(String reason, Long version) {
            send(Topic.BOOKING_SESSION, sessionId.toString(), SessionCancelled.newBuilder().setEventId(UUID.randomUUID())
                    .setOccurredAt(now()).setConsultantId(consultantId).setSessionId(sessionId).setReason(reason)
                    .setCancelledBy(CancelledBy.CONSULTANT).setSessionVersion(version).build());
        }
    }
}
