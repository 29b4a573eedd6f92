package com.nakksha.payment.dashboard;

import com.nakksha.defaults.problem.FieldErrors;
import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
import com.nakksha.payment.dashboard.PaymentViews.LedgerEntry;
import com.nakksha.payment.dashboard.PaymentViews.LedgerSummary;
import com.nakksha.payment.dashboard.PaymentViews.PaymentDetail;
import com.nakksha.payment.dashboard.PaymentViews.PaymentList;
import com.nakksha.payment.dashboard.PaymentViews.ReconciliationList;
import com.nakksha.payment.dashboard.PaymentViews.WebhookDelivery;
import com.nakksha.payment.razorpay.AttemptStatus;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin's view across consultants (admin token; {@code /api/v1/payments/admin/**} is an admin path,
 * a consultant gets 403): the consultant lists with an optional {@code consultantId}, webhook
 * deliveries that need a look, and what reconciliation found.
 */
@RestController
@RequestMapping("/api/v1/payments/admin")
class AdminPaymentController {

    /** Webhook delivery states, as stored. */
    enum WebhookState {
        RECEIVED, PROCESSED, IGNORED, UNMATCHED, REJECTED, FAILED
    }

    private final PaymentDashboardService dashboard;
    private final DashboardProperties properties;

    AdminPaymentController(PaymentDashboardService dashboard, DashboardProperties properties) {
        this.dashboard = dashboard;
        this.properties = properties;
    }

    @GetMapping("/payments")
    Mono<PaymentList> payments(@RequestParam(required = false) UUID consultantId,
                               @RequestParam(required = false) List<AttemptStatus> status,
                               @RequestParam(required = false) String method,
                               @RequestParam(required = false) Instant from,
                               @RequestParam(required = false) Instant to,
                               @RequestParam(required = false) UUID sessionId,
                               @RequestParam(required = false) UUID quotationId,
                               @RequestParam(required = false) Integer page,
                               @RequestParam(required = false) Integer size,
                               @RequestParam(required = false) String sort) {
        PaymentFilter filter = PaymentDashboardController.filter(consultantId, status, method, from, to, sessionId, quotationId);
        return dashboard.list(filter, PaymentDashboardController.paymentPage(page, size, sort, properties.maxPageSize()));
    }

    @GetMapping("/payments/{id}")
    Mono<PaymentDetail> payment(@PathVariable UUID id) {
        return dashboard.detail(null, id);
    }

    /** Ledger totals of one consultant, or of every consultant together without {@code consultantId}. */
    @GetMapping("/ledger")
    Mono<LedgerSummary> ledger(@RequestParam(required = false) UUID consultantId,
                               @RequestParam(required = false) Instant from,
                               @RequestParam(required = false) Instant to) {
        PaymentDashboardController.checkRange(from, to);
        return dashboard.ledger(consultantId, from, to);
    }

    @GetMapping("/ledger/entries")
    Mono<Page<LedgerEntry>> ledgerEntries(@RequestParam(required = false) UUID consultantId,
                                          @RequestParam(required = false) Instant from,
                                          @RequestParam(required = false) Instant to,
                                          @RequestParam(required = false) Integer page,
                                          @RequestParam(required = false) Integer size,
                                          @RequestParam(required = false) String sort) {
        PaymentDashboardController.checkRange(from, to);
        return dashboard.ledgerEntries(consultantId, from, to,
                PaymentDashboardController.ledgerPage(page, size, sort, properties.maxPageSize()));
    }

    /**
     * Stored webhook deliveries without body or headers, newest first; by default those that need a look
     * (FAILED: processing gave up, REJECTED: bad signature).
     */
    @GetMapping("/webhooks")
    Mono<Page<WebhookDelivery>> webhooks(@RequestParam(required = false) List<WebhookState> state,
                                         @RequestParam(required = false) String eventType,
                                         @RequestParam(required = false) Instant from,
                                         @RequestParam(required = false) Instant to,
                                         @RequestParam(required = false) Integer page,
                                         @RequestParam(required = false) Integer size,
                                         @RequestParam(required = false) String sort) {
        FieldErrors errors = new FieldErrors();
        if (eventType != null && !eventType.matches("[a-z_.]{1,60}")) {
            errors.reject("eventType", "must be a Razorpay event name such as payment.captured");
        }
        if (from != null && to != null && !to.isAfter(from)) {
            errors.reject("to", "must be after from");
        }
        errors.throwIfAny();
        PageRequest request = PageRequest.of(page, size, sort, DashboardRepository.WEBHOOK_SORT.keySet(), "receivedAt,desc",
                properties.maxPageSize());
        EnumSet<WebhookState> states = state == null || state.isEmpty() ? EnumSet.of(WebhookState.FAILED, WebhookState.REJECTED)
                : EnumSet.copyOf(state);
        return dashboard.webhooks(states, eventType, from, to, request);
    }

    /** Reconciliation runs that checked at least one order, newest first, with totals over the filter. */
    @GetMapping("/reconciliations")
    Mono<ReconciliationList> reconciliations(@RequestParam(required = false) Instant from,
                                             @RequestParam(required = false) Instant to,
                                             @RequestParam(required = false) Integer page,
                                             @RequestParam(required = false) Integer size,
                                             @RequestParam(required = false) String sort) {
        PaymentDashboardController.checkRange(from, to);
        PageRequest request = PageRequest.of(page, size, sort, DashboardRepository.RUN_SORT.keySet(), "startedAt,desc",
                properties.maxPageSize());
        return dashboard.reconciliations(from, to, request);
    }
}
