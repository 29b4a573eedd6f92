package com.nakksha.payment.webhook;

import com.nakksha.payment.payable.BoundedBlocking;
import com.nakksha.payment.payable.PayableEvent;
import com.nakksha.payment.payable.PayableService;
import com.nakksha.payment.razorpay.ProviderPayment;
import com.nakksha.payment.razorpay.RazorpayPaymentEntity;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
 * payment.authorized, payment.captured, payment.failed and order.paid carry a payment snapshot;
 * refund.created, refund.processed and refund.failed a refund; other events are stored and ignored.
 */
@Component
class WebhookProcessor {

    private static final Logger log = LoggerFactory.getLogger(WebhookProcessor.class);
    private static final int MAX_ATTEMPTS = 10;

    private final WebhookStore store;
    private final PayableService payables;
    private final TransactionalOperator transactions;
    private final JsonMapper json;
    private final BoundedBlocking blocking;
    private final Clock clock;

    WebhookProcessor(WebhookStore store, PayableService payables, TransactionalOperator transactions, JsonMapper json,
                     BoundedBlocking blocking, Clock clock) {
        this.blocking = blocking;
        this.store = store;
        this.payables = payables;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    /** Processes a freshly stored delivery in the background; the poll catches what this misses. */
    void processSoon(UUID id) {
        process(id).subscribeOn(Schedulers.boundedElastic()).subscribe(ignored -> { }, failure -> { });
    }

    Mono<Void> process(UUID id) {
        return transactions.transactional(store.claim(id).flatMap(this::apply))
                .flatMap(payables::followUp)
                .onErrorResume(failure -> {
                    log.warn("Webhook delivery {} could not be processed yet: {}", id, failure.toString());
                    return store.failed(id, failure.toString(), MAX_ATTEMPTS);
                });
    }

    @Scheduled(fixedDelayString = "${nakksha.payment.webhook-poll-interval:5s}", initialDelayString = "${nakksha.payment.webhook-poll-interval:5s}")
    void processWaiting() {
        blocking.runPass("webhook-poll", store.waiting(clock.instant().minus(Duration.ofSeconds(5)), 100)
                .concatMap(this::process)
                .then());
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
