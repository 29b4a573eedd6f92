package com.nakksha.payment.webhook;

import com.nakksha.defaults.failure.TransientFailures;
import com.nakksha.payment.payable.BoundedBlocking;
import com.nakksha.payment.payable.PayableEvent;
import com.nakksha.payment.payable.PayableService;
import com.nakksha.payment.razorpay.ProviderPayment;
import com.nakksha.payment.razorpay.RazorpayPaymentEntity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Acts on stored deliveries, each once: the delivery's row is claimed and marked done in the same
 * transaction as its effect, so a crash in between leaves it waiting and nothing half-applied. Runs
 * right after a delivery was stored, and again from a poll for whatever was left waiting.
 * <p>
 * A processing that fails because the infrastructure did ({@link TransientFailures}: the database cannot be reached,
 * a serialization race) leaves the delivery waiting without counting an attempt, however long the outage; one that
 * fails for the delivery's own sake counts, and after {@value #MAX_ATTEMPTS} the delivery is parked FAILED, counted in
 * {@value #PARKED}, until an operator puts it back ({@link #reprocess}). Deliveries waiting are
 * {@value #WAITING} and {@value #WAITING_OLDEST_AGE}, read by each poll (NaN before the first).
 * <p>
 * payment.authorized, payment.captured, payment.failed and order.paid carry a payment snapshot;
 * refund.created, refund.processed and refund.failed a refund; other events are stored and ignored.
 */
@Component
class WebhookProcessor {

    private static final Logger log = LoggerFactory.getLogger(WebhookProcessor.class);
    private static final int MAX_ATTEMPTS = 10;
    static final String PARKED = "nakksha.payments.webhooks.parked";
    static final String WAITING = "nakksha.payments.webhooks.waiting";
    static final String WAITING_OLDEST_AGE = "nakksha.payments.webhooks.waiting.oldest.age.seconds";

    private final WebhookStore store;
    private final PayableService payables;
    private final TransactionalOperator transactions;
    private final JsonMapper json;
    private final BoundedBlocking blocking;
    private final Clock clock;
    private final Counter parked;
    private final AtomicReference<WebhookStore.Waiting> waiting = new AtomicReference<>();

    WebhookProcessor(WebhookStore store, PayableService payables, TransactionalOperator transactions, JsonMapper json,
                     BoundedBlocking blocking, Clock clock, MeterRegistry meters) {
        this.blocking = blocking;
        this.store = store;
        this.payables = payables;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.parked = Counter.builder(PARKED)
                .description("Webhook deliveries parked FAILED after repeated processing failures of their own")
                .register(meters);
        Gauge.builder(WAITING, waiting, read -> read.get() == null ? Double.NaN : read.get().count())
                .description("Verified webhook deliveries stored and not processed yet")
                .register(meters);
        Gauge.builder(WAITING_OLDEST_AGE, waiting, this::oldestWaitingSeconds)
                .description("Seconds since the oldest delivery not processed yet was received; 0 when none waits")
                .baseUnit("seconds")
                .register(meters);
    }

    /** Processes a freshly stored delivery in the background; the poll catches what this misses. */
    void processSoon(UUID id) {
        process(id).subscribeOn(Schedulers.boundedElastic()).subscribe(ignored -> { }, failure -> { });
    }

    Mono<Void> process(UUID id) {
        return transactions.transactional(store.claim(id).flatMap(this::apply))
                .flatMap(payables::followUp)
                .onErrorResume(failure -> {
                    if (TransientFailures.isTransient(failure)) {
                        log.warn("Webhook delivery {} waits for the infrastructure: {}", id, failure.toString());
                        return store.noteWaiting(id, failure.toString()).onErrorResume(stillDown -> Mono.empty());
                    }
                    log.warn("Webhook delivery {} could not be processed yet: {}", id, failure.toString());
                    return store.failed(id, failure.toString(), MAX_ATTEMPTS).doOnNext(nowParked -> {
                        if (nowParked) {
                            parked.increment();
                            log.error("Webhook delivery {} parked FAILED after {} attempts: {}", id, MAX_ATTEMPTS, failure.toString());
                        }
                    }).then();
                });
    }

    @Scheduled(fixedDelayString = "${nakksha.payment.webhook-poll-interval:5s}", initialDelayString = "${nakksha.payment.webhook-poll-interval:5s}")
    void processWaiting() {
        blocking.runPass("webhook-poll", store.waitingDeliveries().doOnNext(waiting::set)
                .thenMany(store.waiting(clock.instant().minus(Duration.ofSeconds(5)), 100))
                .concatMap(this::process)
                .then());
    }

    /**
     * An operator's second chance for a parked delivery (after the fault that made it fail was mended): it is put
     * back, its attempts counted from 0, and processed now. A delivery in any other state is left as it is, so a
     * repeat answers what the first call left.
     *
     * @return the delivery's processing state afterwards; empty when there is no such delivery
     */
    Mono<WebhookStore.Processing> reprocess(UUID id) {
        return store.requeue(id)
                .flatMap(state -> "RECEIVED".equals(state) ? process(id) : Mono.empty())
                .then(store.processing(id));
    }

    private double oldestWaitingSeconds(AtomicReference<WebhookStore.Waiting> read) {
        WebhookStore.Waiting now = read.get();
        if (now == null) {
            return Double.NaN;
        }
        return now.oldestReceivedAt() == null ? 0.0 : Duration.between(now.oldestReceivedAt(), clock.instant()).toMillis() / 1000.0;
    }

    private Mono<List<PayableEvent>> apply(WebhookStore.StoredEvent stored) {
        JsonNode event = json.readTree(stored.body());
        String type = event.path("event").asString("");
        Instant occurredAt = Instant.ofEpochSecond(event.path("created_at").asLong(clock.instant().getEpochSecond()));
        Instant now = clock.instant();
        return switch (type) {
            case "payment.authorized", "payment.captured", "payment.failed", "order.paid" -> {
                JsonNode entity = event.path("payload").path("payment").path("entity");
                ProviderPayment seen = RazorpayPaymentEntity.read(entity, occurredAt);
                yield store.link(stored.id(), seen.providerOrderId(), seen.providerPaymentId())
                        .then(payables.apply(seen, payableHint(entity.path("notes"))))
                        .flatMap(events -> store.finish(stored.id(), type, "PROCESSED", now).thenReturn(events))
                        .switchIfEmpty(Mono.defer(() -> {
                            log.warn("Webhook {} for payment {} matches no payable", type, seen.providerPaymentId());
                            return store.finish(stored.id(), type, "UNMATCHED", now).thenReturn(List.of());
                        }));
            }
            case "refund.created", "refund.processed", "refund.failed" -> {
                JsonNode refund = event.path("payload").path("refund").path("entity");
                String status = switch (type) {
                    case "refund.processed" -> "processed";
                    case "refund.failed" -> "failed";
                    default -> "pending";
                };
                yield store.link(stored.id(), null, refund.path("payment_id").asString(null))
                        .then(payables.refundReport(refund.path("id").asString(), refund.path("payment_id").asString(),
                                refund.path("amount").asLong(), status, type))
                        .then(store.finish(stored.id(), type, "PROCESSED", now))
                        .thenReturn(List.<PayableEvent>of());
            }
            default -> store.finish(stored.id(), type.isEmpty() ? null : type, "IGNORED", now).thenReturn(List.of());
        };
    }

    /** Our payable id from a payment's notes; notes arrive as {@code []} when empty. */
    private static UUID payableHint(JsonNode notes) {
        JsonNode id = notes.isObject() ? notes.path("nakksha_payable_id") : null;
        if (id == null || !id.isString()) {
            return null;
        }
        try {
            return UUID.fromString(id.asString());
        } catch (IllegalArgumentException notOurs) {
            return null;
        }
    }
}
