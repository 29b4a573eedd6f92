package com.nakksha.notification.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends what the email log owes: claims due mails (the most urgent kind first, see
 * {@link EmailTemplate.Urgency}), asks the owning feature whether each is still true, renders it and
 * hands it to the transport, up to {@link MailProperties#concurrency()} mails at a time. A provider
 * failure is retried with exponential backoff up to {@link MailProperties#maxAttempts()}, then the
 * mail is FAILED; every outcome is counted in {@code nakksha.notification.emails{template,outcome}}.
 *
 * <p>Delivery is at least once: a crash after the provider accepted a mail and before SENT was
 * written sends it again after the lease, since SMTP has no idempotency key; the re-delivery carries the
 * same {@code Message-ID} (derived from the email log id), and Resend is given the email log id as its
 * {@code Idempotency-Key}. Everything else sends it once: redelivered events and restarts owe nothing new,
 * and two instances never send one row, since each renews its claim before the send once a quarter of its
 * lease has passed, and gives the mail up when another sender claimed it after its lease ran out.
 */
@Component
class DeliveryJob implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeliveryJob.class);
    private static final int MAX_ERROR_LENGTH = 1000;

    private final EmailLogRepository emailLog;
    private final MailRenderer renderer;
    private final MailTransport transport;
    private final List<SendTimeCheck> checks;
    private final List<SendGate> gates;
    private final MailProperties properties;
    static final String EMAILS = "nakksha.notification.emails";
    private static final List<String> OUTCOMES = List.of("sent", "retried", "failed", "skipped");

    private final MeterRegistry meters;
    private final Clock clock;
    /** The checks, the renderer and the transports block; one thread per concurrent mail, named for thread dumps. */
    private final Scheduler senders;

    DeliveryJob(EmailLogRepository emailLog, MailRenderer renderer, MailTransport transport, List<SendTimeCheck> checks,
                List<SendGate> gates, MailProperties properties, MeterRegistry meters, Clock clock) {
        this.gates = gates;
        this.emailLog = emailLog;
        this.renderer = renderer;
        this.transport = transport;
        this.checks = checks;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        this.senders = Schedulers.newBoundedElastic(properties.concurrency(), Integer.MAX_VALUE, "mail-delivery");
        // Every template and outcome at zero from start-up: the mail alerts see a first failure too.
        for (EmailTemplate template : EmailTemplate.values()) {
            for (String outcome : OUTCOMES) {
                emails(template, outcome);
            }
        }
    }

    @Scheduled(fixedDelayString = "${nakksha.notification.delivery.poll-interval:1s}")
    void sendDue() {
        try {
            List<QueuedMail> claimed;
            do {
                Instant now = clock.instant();
                claimed = emailLog.claimDue(properties.batch(), now, now.plus(properties.lease())).collectList().block();
                // In claim order, so the most urgent start first; each writes its own outcome under its own claim.
                Flux.fromIterable(claimed)
                        .flatMap(mail -> Mono.fromRunnable(() -> deliver(mail))
                                .subscribeOn(senders)
                                .onErrorResume(failure -> {
                                    // Its outcome was not written: it is taken again after its lease.
                                    log.warn("sending mail {} ({}) failed", mail.id(), mail.template(), failure);
                                    return Mono.empty();
                                }), properties.concurrency())
                        .blockLast();
            } while (claimed.size() == properties.batch());
        } catch (RuntimeException failure) {
            // Claimed mails whose outcome was not written are taken again after their lease.
            log.warn("sending due mails failed", failure);
        }
    }

    @Override
    public void destroy() {
        senders.dispose();
    }

    /** Decides, renders and sends one claimed mail, and writes its outcome under its claim. */
    void deliver(QueuedMail mail) {
        SendTimeCheck.Decision decision;
        try {
            String refusal = mail.template().optional() ? Flux.fromIterable(gates)
                    .concatMap(gate -> gate.refusal(mail)).next().block() : null;
            decision = refusal != null ? new SendTimeCheck.Skip(refusal) : checks.stream()
                    .filter(check -> check.covers(mail.template()))
                    .findFirst()
                    .map(check -> check.decide(mail).block())
                    .orElse(SendTimeCheck.Send.asStored());
        } catch (RuntimeException failure) {
            retryOrFail(mail, failure);
            return;
        }
        switch (decision) {
            case SendTimeCheck.Skip skip -> {
                emailLog.markSkipped(mail, skip.reason(), clock.instant()).block();
                count(mail, "skipped");
            }
            case SendTimeCheck.Send send -> send(mail, send);
        }
    }

    private void send(QueuedMail mail, SendTimeCheck.Send send) {
        RenderedMail rendered;
        try {
            Map<String, Object> variables = new HashMap<>(mail.model());
            variables.putAll(send.extraModel());
            rendered = renderer.render(mail.template(), mail.recipientName(), variables, new Formats(mail.zone()), send.attachments());
        } catch (RuntimeException broken) {
            log.error("mail {} ({}) cannot be rendered", mail.id(), mail.template(), broken);
            emailLog.markFailed(mail, "rendering failed: " + brief(broken), clock.instant()).block();
            count(mail, "failed");
            return;
        }
        try {
            Instant now = clock.instant();
            if (!holdsClaim(mail, now)) {
                log.info("mail {} ({}) was claimed by another sender after this one's lease ran out; not sending it", mail.id(),
                        mail.template());
                return;
            }
            // The SENT mark is one autocommit statement right after the provider's answer: the only window in which a
            // crash sends the row again (with the same Message-ID or Idempotency-Key, see MailTransport).
            String messageId = transport.send(mail.id().toString(), mail.recipient(), mail.recipientName(), rendered);
            emailLog.markSent(mail, rendered.subject(), messageId, clock.instant()).block();
            count(mail, "sent");
        } catch (MailTransport.PermanentMailFailure permanent) {
            emailLog.markFailed(mail, brief(permanent), clock.instant()).block();
            count(mail, "failed");
        } catch (RuntimeException failure) {
            retryOrFail(mail, failure);
        }
    }

    /**
     * Whether this sender may send the mail now. Within the first quarter of its claim's lease no other sender can
     * have claimed it (a claim takes only mails whose lease has run out), so no statement is needed, and at least
     * three quarters of the lease (90 s of the default 2 min, where a renewal gives 2 min) are left for the send,
     * whose every step is bounded by the SMTP or Resend timeouts (5-10 s). A round of a full batch takes about a
     * second. Later (a slow round, a slow provider) the claim is renewed for a whole lease, which fails when another
     * sender claimed the mail after this one's lease ran out.
     */
    private boolean holdsClaim(QueuedMail mail, Instant now) {
        Duration left = Duration.between(now, mail.leaseUntil());
        if (left.compareTo(properties.lease().multipliedBy(3).dividedBy(4)) > 0) {
            return true;
        }
        return Boolean.TRUE.equals(emailLog.renewClaim(mail, now, now.plus(properties.lease())).block());
    }

    private void retryOrFail(QueuedMail mail, RuntimeException failure) {
        Instant now = clock.instant();
        if (mail.attempts() >= properties.maxAttempts()) {
            log.error("mail {} ({}) failed after {} attempts", mail.id(), mail.template(), mail.attempts(), failure);
            emailLog.markFailed(mail, brief(failure), now).block();
            count(mail, "failed");
        } else {
            log.warn("mail {} ({}) attempt {} failed, retrying: {}", mail.id(), mail.template(), mail.attempts(), brief(failure));
            emailLog.retryAt(mail, brief(failure), now.plus(properties.backoffAfter(mail.attempts())), now).block();
            count(mail, "retried");
        }
    }

    private void count(QueuedMail mail, String outcome) {
        emails(mail.template(), outcome).increment();
    }

    private Counter emails(EmailTemplate template, String outcome) {
        return Counter.builder(EMAILS)
                .description("Mails by template and outcome: sent, retried after a failed attempt, failed for good, or skipped")
                .tag("template", template.name())
                .tag("outcome", outcome)
                .register(meters);
    }

    private static String brief(Throwable failure) {
        String message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) : message;
    }
}
