package com.nakksha.payment.checkout;

import com.nakksha.payment.payable.BoundedBlocking;
import com.nakksha.payment.payable.PayableEvent;
import com.nakksha.payment.payable.PayableService;
import com.nakksha.payment.payable.PaymentsProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Webhooks that never arrive (all of Razorpay's deliveries failed while this service could not be reached,
 * and the client never verified): unpaid orders are checked at Razorpay, and every payment found is applied
 * exactly as a webhook would be (the same idempotent path, so a webhook that does arrive later changes
 * nothing). An order is first checked {@code reconciliation-threshold} after it was made, then again each time
 * its age has doubled (at least {@code reconciliation-interval}, at most {@code reconciliation-max-gap} after the
 * check before), until {@code reconciliation-horizon}; one whose check was asked for (its payable cancelled while
 * no capture was known) is checked whatever its age, once the check has been asked for a whole
 * {@code reconciliation-interval}: until then the cancellation makes it itself, right after its commit, and a pass
 * checking it meanwhile would ask Razorpay twice (as unsent refunds wait, {@code PayableService#sendUnsentRefunds}).
 * Each check is counted as
 * {@code nakksha.payments.reconciliation}, and each run that checked an order is kept in
 * {@code reconciliation_run} with what it found and applied.
 */
@Component
class OrderReconciliation {

    private static final Logger log = LoggerFactory.getLogger(OrderReconciliation.class);

    private final DatabaseClient database;
    private final PayableService payments;
    private final PaymentsProperties properties;
    static final String RECONCILIATIONS = "nakksha.payments.reconciliation";
    private static final String CHECKED = "checked";
    private static final String FAILED = "failed";

    private final MeterRegistry meters;
    private final BoundedBlocking blocking;
    private final Clock clock;

    OrderReconciliation(DatabaseClient database, PayableService payments,
                        PaymentsProperties properties, MeterRegistry meters, BoundedBlocking blocking, Clock clock) {
        this.blocking = blocking;
        this.database = database;
        this.payments = payments;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        // Both outcomes at zero from start-up, so the failing-reconciliation alert sees the first failure.
        reconciliations(CHECKED);
        reconciliations(FAILED);
    }

    private Counter reconciliations(String outcome) {
        return Counter.builder(RECONCILIATIONS)
                .description("Orders reconciled against Razorpay: checked, or failed to reach or read it")
                .tag("outcome", outcome)
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${nakksha.payment.reconciliation-interval:1m}",
            initialDelayString = "${nakksha.payment.reconciliation-interval:1m}")
    void reconcileOpenOrders() {
        Instant started = clock.instant().truncatedTo(ChronoUnit.MICROS);
        blocking.runPass("order-reconciliation", dueOrders(started)
                .concatMap(order -> reconcile(order, started))
                .reduce(OrderResult.NONE, OrderResult::plus)
                .flatMap(total -> total.ordersChecked() == 0 ? Mono.<Void>empty() : record(started, total)));
    }

    private Flux<DueOrder> dueOrders(Instant now) {
        return database.sql("""
                        SELECT o.id, o.payable_id, o.razorpay_order_id FROM payment_order o JOIN payable p ON p.id = o.payable_id
                        WHERE o.status = 'CREATED' AND p.payment_state IN ('UNPAID', 'FAILED')
                          AND (o.check_requested_at < :again
                            OR o.created_at > :horizon AND (
                                 o.last_reconciled_at IS NULL AND o.created_at < :threshold
                              OR o.last_reconciled_at < :again
                                 AND (o.last_reconciled_at < :maxGapAgo OR o.last_reconciled_at - o.created_at <= :now - o.last_reconciled_at)))
                        ORDER BY o.check_requested_at NULLS LAST, o.last_reconciled_at NULLS FIRST, o.created_at LIMIT 50""")
                .bind("now", now)
                .bind("threshold", now.minus(properties.reconciliationThreshold()))
                .bind("horizon", now.minus(properties.reconciliationHorizon()))
                .bind("again", now.minus(properties.reconciliationInterval()))
                .bind("maxGapAgo", now.minus(properties.reconciliationMaxGap()))
                .map(row -> new DueOrder(row.get("id", UUID.class), row.get("payable_id", UUID.class),
                        row.get("razorpay_order_id", String.class)))
                .all();
    }

    private Mono<OrderResult> reconcile(DueOrder order, Instant now) {
        return payments.checkOrder(order.payableId(), order.razorpayOrderId(), now)
                .map(OrderResult::ofPayment)
                .reduce(new OrderResult(1, 0, 0, 0, 0), OrderResult::plus)
                .doOnSuccess(done -> reconciliations(CHECKED).increment())
                .onErrorResume(failure -> {
                    reconciliations(FAILED).increment();
                    log.warn("Reconciling order {} failed: {}", order.razorpayOrderId(), failure.getMessage());
                    return Mono.just(new OrderResult(1, 1, 0, 0, 0));
                });
    }

    /** Keeps what one run found, for the admin's reconciliation results. */
    private Mono<Void> record(Instant started, OrderResult total) {
        return database.sql("""
                        INSERT INTO reconciliation_run (id, started_at, finished_at, orders_checked, orders_failed,
                            payments_found, payments_applied, captures_applied)
                        VALUES (:id, :started, :finished, :checked, :failed, :found, :applied, :captures)""")
                .bind("id", UUID.randomUUID())
                .bind("started", started)
                .bind("finished", clock.instant().truncatedTo(ChronoUnit.MICROS))
                .bind("checked", total.ordersChecked())
                .bind("failed", total.ordersFailed())
                .bind("found", total.paymentsFound())
                .bind("applied", total.paymentsApplied())
                .bind("captures", total.capturesApplied())
                .then();
    }

    /**
     * What reconciliation did: orders asked about (and how many of those questions failed), payments
     * Razorpay reported, payments whose snapshot changed something here (raised an event), and captures.
     */
    private record OrderResult(int ordersChecked, int ordersFailed, int paymentsFound, int paymentsApplied,
                               int capturesApplied) {

        static final OrderResult NONE = new OrderResult(0, 0, 0, 0, 0);

        static OrderResult ofPayment(List<PayableEvent> events) {
            boolean captured = events.stream().anyMatch(PayableEvent.Captured.class::isInstance);
            return new OrderResult(0, 0, 1, events.isEmpty() ? 0 : 1, captured ? 1 : 0);
        }

        OrderResult plus(OrderResult other) {
            return new OrderResult(ordersChecked + other.ordersChecked, ordersFailed + other.ordersFailed,
                    paymentsFound + other.paymentsFound, paymentsApplied + other.paymentsApplied,
                    capturesApplied + other.capturesApplied);
        }
    }

    private record DueOrder(UUID id, UUID payableId, String razorpayOrderId) {
    }
}
