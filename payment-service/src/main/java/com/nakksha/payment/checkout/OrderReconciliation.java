package com.nakksha.payment.checkout;

import com.nakksha.payment.payable.PayableService;
import com.nakksha.payment.payable.PaymentsProperties;
import com.nakksha.payment.razorpay.RazorpayGateway;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Webhooks that never arrive: orders still unpaid past a threshold are checked at Razorpay, and every
 * payment found is applied exactly as a webhook would be (the same idempotent path, so a webhook that
 * does arrive later changes nothing). Each check is counted as {@code nakksha.payments.reconciliation}.
 */
@Component
class OrderReconciliation {

    private static final Logger log = LoggerFactory.getLogger(OrderReconciliation.class);

    private final DatabaseClient database;
    private final RazorpayGateway razorpay;
    private final PayableService payments;
    private final PaymentsProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;

    OrderReconciliation(DatabaseClient database, RazorpayGateway razorpay, PayableService payments,
                        PaymentsProperties properties, MeterRegistry meters, Clock clock) {
        this.database = database;
        this.razorpay = razorpay;
        this.payments = payments;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${nakksha.payment.reconciliation-interval:1m}",
            initialDelayString = "${nakksha.payment.reconciliation-interval:1m}")
    void reconcileOpenOrders() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        dueOrders(now)
                .concatMap(order -> reconcile(order, now))
                .then()
                .onErrorResume(failure -> {
                    log.warn("Order reconciliation stopped early: {}", failure.getMessage());
                    return Mono.empty();
                })
                .block();
    }

    private Flux<DueOrder> dueOrders(Instant now) {
        return database.sql("""
                        SELECT o.id, o.payable_id, o.razorpay_order_id FROM payment_order o JOIN payable p ON p.id = o.payable_id
                        WHERE o.status = 'CREATED' AND p.payment_state IN ('UNPAID', 'FAILED')
                          AND o.created_at < :threshold AND o.created_at > :horizon
                          AND (o.last_reconciled_at IS NULL OR o.last_reconciled_at < :again)
                        ORDER BY o.last_reconciled_at NULLS FIRST, o.created_at LIMIT 50""")
                .bind("threshold", now.minus(properties.reconciliationThreshold()))
                .bind("horizon", now.minus(properties.reconciliationHorizon()))
                .bind("again", now.minus(properties.reconciliationInterval()))
                .map(row -> new DueOrder(row.get("id", UUID.class), row.get("payable_id", UUID.class),
                        row.get("razorpay_order_id", String.class)))
                .all();
    }

    private Mono<Void> reconcile(DueOrder order, Instant now) {
        return razorpay.paymentsOfOrder(order.razorpayOrderId())
                .flatMapMany(Flux::fromIterable)
                .concatMap(payment -> payments.applyAndFollowUp(payment, order.payableId()))
                .then(database.sql("UPDATE payment_order SET last_reconciled_at = :now WHERE id = :id")
                        .bind("now", now).bind("id", order.id()).then())
                .doOnSuccess(done -> meters.counter("nakksha.payments.reconciliation", "outcome", "checked").increment())
                .onErrorResume(failure -> {
                    meters.counter("nakksha.payments.reconciliation", "outcome", "failed").increment();
                    log.warn("Reconciling order {} failed: {}", order.razorpayOrderId(), failure.getMessage());
                    return Mono.empty();
                });
    }

    private record DueOrder(UUID id, UUID payableId, String razorpayOrderId) {
    }
}
