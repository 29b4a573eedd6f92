package com.nakksha.notification.booking;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.nakksha.events.BookingSource;
import com.nakksha.events.CancelledBy;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.ConsultantRegistered;
import com.nakksha.events.PaymentStatus;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionType;
import com.nakksha.notification.AbstractNotificationIT;
import com.nakksha.notification.MailParts;
import com.nakksha.schemas.Topic;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The consultant's daily agenda: in their zone, from their morning on, once per day, listing the day as it is. */
class DailyAgendaIT extends AbstractNotificationIT {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    @Autowired
    DailyAgenda agenda;

    private final UUID consultant = UUID.randomUUID();
    private final String email = "agenda." + consultant + "@example.test";

    @Test
    void theDaysConfirmedSessionsGoOutOnceFromTheConsultantsMorning() throws Exception {
        registered();
        LocalDate day = LocalDate.now(KOLKATA).plusDays(2);
        session(day, "10:00", "Morning review");
        session(day, "15:30", "Afternoon <plan>");
        session(day.plusDays(1), "10:00", "Tomorrow's call");
        UUID dropped = session(day, "12:00", "Dropped call");
        cancel(dropped);
        await().atMost(Duration.ofSeconds(30)).until(() -> confirmedCount() == 3 && cancelledCount() == 1);

        moveClockTo(day, "06:45");
        agenda.planDue().block();
        assertThat(owed(day)).as("not before the consultant's morning").isZero();

        moveClockTo(day, "07:05");
        agenda.planDue().block();
        agenda.planDue().block();
        assertThat(owed(day)).isEqualTo(1);

        String subject = "Your sessions on " + java.time.format.DateTimeFormatter
                .ofPattern("EEE, d MMM yyyy", java.util.Locale.ENGLISH).format(day);
        await().atMost(Duration.ofSeconds(30)).until(() -> agendas(subject).size() == 1);
        MimeMessage mail = agendas(subject).getFirst();
        String text = MailParts.text(mail);
        assertThat(text)
                .contains("10:00 AM IST (Asia/Kolkata): \"Morning review\" with Meera")
                .contains("3:30 PM IST (Asia/Kolkata): \"Afternoon <plan>\"")
                .doesNotContain("Tomorrow's call")
                .doesNotContain("Dropped call");
        assertThat(text.indexOf("Morning review")).isLessThan(text.indexOf("Afternoon"));
        assertThat(MailParts.html(mail)).contains("Afternoon &lt;plan&gt;");

        moveClockTo(day, "18:00");
        agenda.planDue().block();
        assertThat(owed(day)).as("once per day, however often the job runs").isEqualTo(1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> agendas(subject).size() == 1);
    }

    /** The consultant also gets a "New booking" mail per session; only the agendas count here. */
    private java.util.List<MimeMessage> agendas(String subject) {
        return mailsTo(email).stream().filter(mail -> {
            try {
                return subject.equals(mail.getSubject());
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private void moveClockTo(LocalDate day, String localTime) {
        Instant target = day.atTime(LocalTime.parse(localTime)).atZone(KOLKATA).toInstant();
        clock.advance(Duration.between(clock.instant(), target));
    }

    private long owed(LocalDate day) {
        return database.sql("SELECT count(*) FROM email_log WHERE template = 'DAILY_AGENDA' AND trigger_event_id = :key")
                .bind("key", DailyAgenda.key(consultant, day)).map(row -> row.get(0, Long.class)).one().block();
    }

    private long confirmedCount() {
        return countIn("CONFIRMED");
    }

    private long cancelledCount() {
        return countIn("CANCELLED");
    }

    private long countIn(String status) {
        return database.sql("SELECT count(*) FROM booked_session WHERE consultant_id = :id AND status = :status")
                .bind("id", consultant).bind("status", status).map(row -> row.get(0, Long.class)).one().block();
    }

    private void registered() {
        send(Topic.IDENTITY_CONSULTANT, consultant.toString(), ConsultantRegistered.newBuilder().setEventId(UUID.randomUUID())
                .setOccurredAt(now()).setConsultantId(consultant).setEmail(email).setFirstName("Kiran")
                .setLastName("Das").setPhoneCountryCode("+91").setPhoneNumber("9800000002").build());
        send(Topic.IDENTITY_CONSULTANT, consultant.toString(), ConsultantProfileUpdated.newBuilder().setEventId(UUID.randomUUID())
                .setOccurredAt(now()).setConsultantId(consultant).setSlug("kiran-" + consultant).setFirstName("Kiran")
                .setLastName("Das").setCurrency("INR").setTimezone(KOLKATA.getId()).setProfileVersion(1).build());
    }

    private UUID session(LocalDate day, String localTime, String title) {
        UUID session = UUID.randomUUID();
        Instant startsAt = day.atTime(LocalTime.parse(localTime)).atZone(KOLKATA).toInstant();
        send(Topic.BOOKING_SESSION, session.toString(), SessionBooked.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                .setConsultantId(consultant).setSessionId(session).setClientId(UUID.randomUUID())
                .setClientName("Meera").setClientEmail("meera." + session + "@example.test").setSessionType(SessionType.PERSONAL)
                .setTitle(title).setStartsAt(startsAt).setEndsAt(startsAt.plus(Duration.ofHours(1)))
                .setDurationMinutes(60).setAmountMinor(100000).setCurrency("INR").setSource(BookingSource.MANUAL)
                .setPaymentStatus(PaymentStatus.PAID).setConsultantTimezone(KOLKATA.getId()).build());
        send(Topic.BOOKING_SESSION, session.toString(), SessionConfirmed.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(now())
                .setConsultantId(consultant).setSessionId(session).setClientId(UUID.randomUUID())
                .setStartsAt(startsAt).setEndsAt(startsAt.plus(Duration.ofHours(1))).setMeetingLink("https://meet.example/" + session).build());
        return session;
    }

    private void cancel(UUID session) {
        send(Topic.BOOKING_SESSION, session.toString(), SessionCancelled.newBuilder().setEventId(UUID.randomUUID())
                .setOccurredAt(now()).setConsultantId(consultant).setSessionId(session).setReason("Clash")
                .setCancelledBy(CancelledBy.CONSULTANT).build());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
