package com.nakksha.notification.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.nakksha.notification.AbstractNotificationIT;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** What lets two instances share one email log: a mail is owed once and claimed by one sender at a time. */
class TwoSendersIT extends AbstractNotificationIT {

    @Autowired
    private Mails mails;
    @Autowired
    private EmailLogRepository emailLog;
    @Autowired
    private MailRenderer renderer;
    @Autowired
    private MailTransport transport;
    @Autowired
    private List<SendTimeCheck> checks;
    @Autowired
    private List<SendGate> gates;
    @Autowired
    private MailProperties delivery;

    @Test
    void twoSendersClaimingAtOnceNeverTakeTheSameMailAndOwingItAgainRecordsNothing() {
        UUID trigger = UUID.randomUUID();
        // Due in ten years: the service's own delivery job leaves them alone while this test claims them.
        Instant due = Instant.now().plus(Duration.ofDays(3650));
        for (int i = 0; i < 40; i++) {
            OwedMail mail = new OwedMail(trigger, EmailTemplate.ACCOUNT_APPROVED, "twin" + i + "." + trigger + "@example.test",
                    null, null, ZoneId.of("Asia/Kolkata"), Map.of("firstName", "Twin", "loginUrl", "http://x"), due);
            assertThat(mails.owe(mail).block()).isTrue();
            assertThat(mails.owe(mail).block()).as("owed again").isFalse();
        }
        Instant now = due.plus(Duration.ofMinutes(1));

        CompletableFuture<List<QueuedMail>> first = CompletableFuture.supplyAsync(() ->
                emailLog.claimDue(10_000, now, now.plus(Duration.ofMinutes(2))).collectList().block());
        CompletableFuture<List<QueuedMail>> second = CompletableFuture.supplyAsync(() ->
                emailLog.claimDue(10_000, now, now.plus(Duration.ofMinutes(2))).collectList().block());

        // Each claims every due row it can lock, mails other tests left queued included.
        Set<UUID> a = ids(first.join(), null);
        Set<UUID> b = ids(second.join(), null);
        Set<UUID> both = new HashSet<>(a);
        both.retainAll(b);
        assertThat(both).isEmpty();
        assertThat(ids(first.join(), trigger).size() + ids(second.join(), trigger).size()).isEqualTo(40);
        assertThat(ids(emailLog.claimDue(10_000, now, now.plus(Duration.ofMinutes(2))).collectList().block(), trigger))
                .as("claimed rows stay with their sender for the lease").isEmpty();
        assertThat(ids(emailLog.claimDue(10_000, now.plus(Duration.ofMinutes(3)), now.plus(Duration.ofMinutes(5))).collectList().block(), trigger))
                .as("after the lease a crashed sender's rows are taken again").hasSize(40);
        database.sql("DELETE FROM email_log WHERE trigger_event_id = :id").bind("id", trigger).then().block();
    }

    @Test
    void aSenderWhoseLeaseRanOutBeforeItsSendGivesTheMailUpToTheSenderThatClaimedItSince() {
        UUID trigger = UUID.randomUUID();
        Instant due = Instant.now().plus(Duration.ofDays(3650));
        assertThat(mails.owe(new OwedMail(trigger, EmailTemplate.ACCOUNT_APPROVED, "slow." + trigger + "@example.test", null, null,
                ZoneId.of("Asia/Kolkata"), Map.of("firstName", "Slow", "loginUrl", "http://x"), due)).block()).isTrue();
        Instant now = due.plus(Duration.ofMinutes(1));
        QueuedMail slow = claimed(emailLog.claimDue(10_000, now, now.plus(Duration.ofMinutes(2))).collectList().block(), trigger);
        // The slow sender's batch outlasts its lease; another sender claims the mail meanwhile.
        Instant later = now.plus(Duration.ofMinutes(3));
        QueuedMail other = claimed(emailLog.claimDue(10_000, later, later.plus(Duration.ofMinutes(2))).collectList().block(), trigger);

        assertThat(emailLog.renewClaim(slow, later.plusSeconds(1), later.plus(Duration.ofMinutes(2))).block())
                .as("the slow sender does not send it").isFalse();
        assertThat(emailLog.renewClaim(other, later.plusSeconds(1), later.plus(Duration.ofMinutes(2))).block())
                .as("the sender holding the claim does").isTrue();
        database.sql("DELETE FROM email_log WHERE trigger_event_id = :id").bind("id", trigger).then().block();
    }

    /**
     * A sender sends early in its claim's lease without renewing it (the claim alone keeps other senders away), and
     * renews it once a quarter of the lease has passed, so a mail another sender claimed after the first one's lease
     * ran out goes out once, from the sender holding the claim.
     */
    @Test
    void aSenderRenewsItsClaimOnlyLateInItsLeaseAndSendsNothingAnotherSenderClaimedSince() {
        UUID trigger = UUID.randomUUID();
        // Whole microseconds, as Postgres keeps them, so the leases read back compare equal.
        Instant due = Instant.now().plus(Duration.ofDays(3650)).truncatedTo(ChronoUnit.MICROS);
        String early = "early." + trigger + "@example.test";
        String late = "late." + trigger + "@example.test";
        String taken = "taken." + trigger + "@example.test";
        owe(trigger, taken, due);
        // Due a day later, so the claims of the taken mail leave them alone.
        Instant dueLater = due.plus(Duration.ofDays(1));
        owe(trigger, early, dueLater);
        owe(trigger, late, dueLater);
        Duration lease = delivery.lease();
        Instant firstClaim = due.plus(Duration.ofMinutes(1));
        QueuedMail staleClaim = claimedBy(emailLog.claimDue(10_000, firstClaim, firstClaim.plus(lease)).collectList().block(), taken);
        Instant afterLease = firstClaim.plus(lease).plusSeconds(30);
        claimedBy(emailLog.claimDue(10_000, afterLease, afterLease.plus(lease)).collectList().block(), taken);

        senderAt(afterLease.plusSeconds(1)).deliver(staleClaim);

        assertThat(mailsTo(taken)).as("left to the sender that claimed it since").isEmpty();
        assertThat(leaseOf(taken)).isEqualTo(afterLease.plus(lease));

        Instant claimedAt = dueLater.plus(Duration.ofMinutes(1));
        List<QueuedMail> claimed = emailLog.claimDue(10_000, claimedAt, claimedAt.plus(lease)).collectList().block();
        senderAt(claimedAt.plusSeconds(5)).deliver(claimedBy(claimed, early));
        senderAt(claimedAt.plus(lease.dividedBy(2))).deliver(claimedBy(claimed, late));

        assertThat(mailsTo(early)).hasSize(1);
        assertThat(leaseOf(early)).as("sent under the claim's own lease").isEqualTo(claimedAt.plus(lease));
        assertThat(mailsTo(late)).hasSize(1);
        assertThat(leaseOf(late)).as("renewed before the send").isEqualTo(claimedAt.plus(lease.dividedBy(2)).plus(lease));
        database.sql("DELETE FROM email_log WHERE trigger_event_id = :id").bind("id", trigger).then().block();
    }

    private void owe(UUID trigger, String recipient, Instant due) {
        assertThat(mails.owe(new OwedMail(trigger, EmailTemplate.ACCOUNT_APPROVED, recipient, null, null, ZoneId.of("Asia/Kolkata"),
                Map.of("firstName", "Lease", "loginUrl", "http://x"), due)).block()).isTrue();
    }

    private DeliveryJob senderAt(Instant now) {
        return new DeliveryJob(emailLog, renderer, transport, checks, gates, delivery, new SimpleMeterRegistry(),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static QueuedMail claimedBy(List<QueuedMail> claimed, String recipient) {
        return claimed.stream().filter(mail -> mail.recipient().equals(recipient)).findFirst().orElseThrow();
    }

    private Instant leaseOf(String recipient) {
        return database.sql("SELECT next_attempt_at FROM email_log WHERE recipient = :recipient").bind("recipient", recipient)
                .map(row -> row.get(0, OffsetDateTime.class).toInstant()).one().block();
    }

    private static QueuedMail claimed(List<QueuedMail> claimed, UUID trigger) {
        return claimed.stream().filter(mail -> mail.triggerEventId().equals(trigger)).findFirst().orElseThrow();
    }

    @Test
    void aDueReminderIsClaimedBeforeABacklogOfOrdinaryMailsDueEarlier() {
        UUID trigger = UUID.randomUUID();
        Instant due = Instant.now().plus(Duration.ofDays(3650));
        for (int i = 0; i < 30; i++) {
            assertThat(mails.owe(new OwedMail(trigger, EmailTemplate.CONSULTANT_NEW_BOOKING, "backlog" + i + "." + trigger + "@example.test",
                    null, null, ZoneId.of("Asia/Kolkata"), Map.of("sessionId", "s"), due)).block()).isTrue();
        }
        assertThat(mails.owe(new OwedMail(trigger, EmailTemplate.SESSION_REMINDER, "reminded." + trigger + "@example.test",
                null, null, ZoneId.of("Asia/Kolkata"), Map.of("sessionId", "s"), due.plus(Duration.ofMinutes(1)))).block()).isTrue();
        Instant now = due.plus(Duration.ofMinutes(2));
        // A batch only as large as the due reminders (other tests' queued reminders included) still takes this one.
        long dueReminders = database.sql("SELECT count(*) FROM email_log WHERE status = 'QUEUED' AND priority = 0 AND next_attempt_at <= :now")
                .bind("now", now).map(row -> row.get(0, Long.class)).one().block();

        List<QueuedMail> claimed = emailLog.claimDue((int) dueReminders, now, now.plus(Duration.ofMinutes(2))).collectList().block();

        assertThat(claimed).filteredOn(mail -> mail.triggerEventId().equals(trigger)).extracting(QueuedMail::template)
                .containsExactly(EmailTemplate.SESSION_REMINDER);
        List<QueuedMail> rest = emailLog.claimDue(10_000, now, now.plus(Duration.ofMinutes(2))).collectList().block();
        assertThat(ids(rest, trigger)).as("the backlog comes next").hasSize(30);
        assertThat(rest).extracting(mail -> mail.template().urgency().rank()).as("most urgent kind first").isSorted();
        database.sql("DELETE FROM email_log WHERE trigger_event_id = :id").bind("id", trigger).then().block();
    }

    private static Set<UUID> ids(List<QueuedMail> claimed, UUID trigger) {
        Set<UUID> ids = new HashSet<>();
        claimed.stream().filter(mail -> trigger == null || mail.triggerEventId().equals(trigger)).forEach(mail -> ids.add(mail.id()));
        return ids;
    }
}
