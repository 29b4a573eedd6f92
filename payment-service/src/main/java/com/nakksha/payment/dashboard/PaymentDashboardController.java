package com.nakksha.payment.dashboard;

import com.nakksha.defaults.idempotency.IdempotencyKeys;
import com.nakksha.defaults.problem.FieldErrors;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
import com.nakksha.defaults.security.Caller;
import com.nakksha.payment.dashboard.PaymentViews.LedgerEntry;
import com.nakksha.payment.dashboard.PaymentViews.LedgerSummary;
import com.nakksha.payment.dashboard.PaymentViews.PaymentDetail;
import com.nakksha.payment.dashboard.PaymentViews.PaymentList;
import com.nakksha.payment.payable.PayableType;
import com.nakksha.payment.razorpay.AttemptStatus;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The consultant's payments (approved consultant token; everything scoped to the caller, another
 * consultant's payment is 404). Amounts in major units and paise, instants UTC.
 */
@RestController
class PaymentDashboardController {

    /** A refund request: {@code amount} in major units (e.g. "500.00"), absent for everything not refunded yet. */
    record RefundRequest(String amount, String reason) {
    }

    private final PaymentDashboardService dashboard;
    private final DashboardProperties properties;

    PaymentDashboardController(PaymentDashboardService dashboard, DashboardProperties properties) {
        this.dashboard = dashboard;
        this.properties = properties;
    }

    /** The caller's payments, newest first unless {@code sort} says otherwise, with totals of the whole filter. */
    @GetMapping("/api/v1/payments")
    Mono<PaymentList> list(Caller caller,
                           @RequestParam(required = false) List<AttemptStatus> status,
                           @RequestParam(required = false) String method,
                           @RequestParam(required = false) Instant from,
                           @RequestParam(required = false) Instant to,
                           @RequestParam(required = false) UUID sessionId,
                           @RequestParam(required = false) UUID quotationId,
                           @RequestParam(required = false) Integer page,
                           @RequestParam(required = false) Integer size,
                           @RequestParam(required = false) String sort) {
        PaymentFilter filter = filter(caller.consultantId(), status, method, from, to, sessionId, quotationId);
        return dashboard.list(filter, paymentPage(page, size, sort, properties.maxPageSize()));
    }

    /** One of the caller's payments with its payable, the payable's attempts and refunds, and its webhook history. */
    @GetMapping("/api/v1/payments/{id}")
    Mono<PaymentDetail> get(Caller caller, @PathVariable UUID id) {
        return dashboard.detail(caller.consultantId(), id);
    }

    /**
     * Refunds the caller's payment, fully or in part; 202 with the refund (REQUESTED, then sent to
     * Razorpay). Requires {@code Idempotency-Key}: the same key and body answer the same, another body 422.
     * More than what is left of the payment → 409.
     */
    @PostMapping("/api/v1/payments/{id}/refunds")
    Mono<ResponseEntity<String>> refund(Caller caller, @PathVariable UUID id,
                                        @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
                                        @RequestBody RefundRequest request) {
        UUID consultantId = caller.consultantId();
        FieldErrors errors = new FieldErrors();
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > IdempotencyKeys.MAX_KEY_LENGTH) {
            errors.reject(IdempotencyKeys.HEADER, "header is required, 1 to " + IdempotencyKeys.MAX_KEY_LENGTH + " characters");
        }
        try {
            RefundInput.check(request.amount(), request.reason());
        } catch (InvalidInputException invalid) {
            invalid.violations().forEach(violation -> errors.reject(violation.field(), violation.message()));
        }
        errors.throwIfAny();
        return dashboard.refund(consultantId, id, idempotencyKey, request.amount(), request.reason().strip())
                .map(answer -> ResponseEntity.status(answer.status()).contentType(MediaType.APPLICATION_JSON).body(answer.body()));
    }

    /** The caller's ledger per currency, optionally for {@code [from, to)}. */
    @GetMapping("/api/v1/payments/ledger")
    Mono<LedgerSummary> ledger(Caller caller, @RequestParam(required = false) Instant from,
                               @RequestParam(required = false) Instant to) {
        checkRange(from, to);
        return dashboard.ledger(caller.consultantId(), from, to);
    }

    /** The caller's ledger entries, newest first by default. */
    @GetMapping("/api/v1/payments/ledger/entries")
    Mono<Page<LedgerEntry>> ledgerEntries(Caller caller, @RequestParam(required = false) Instant from,
                                          @RequestParam(required = false) Instant to,
                                          @RequestParam(required = false) Integer page,
                                          @RequestParam(required = false) Integer size,
                                          @RequestParam(required = false) String sort) {
        checkRange(from, to);
        return dashboard.ledgerEntries(caller.consultantId(), from, to, ledgerPage(page, size, sort, properties.maxPageSize()));
    }

    static PageRequest paymentPage(Integer page, Integer size, String sort, int maxSize) {
        return PageRequest.of(page, size, sort, DashboardRepository.PAYMENT_SORT.keySet(), "createdAt,desc", maxSize);
    }

    static PageRequest ledgerPage(Integer page, Integer size, String sort, int maxSize) {
        return PageRequest.of(page, size, sort, DashboardRepository.LEDGER_SORT.keySet(), "createdAt,desc", maxSize);
    }

    /**
     * The list filter, checked: {@code method} is a Razorpay method name (letters and underscores, up to
     * 30), {@code to} after {@code from}, and at most one of {@code sessionId} and {@code quotationId}.
     */
    static PaymentFilter filter(UUID consultantId, List<AttemptStatus> status, String method, Instant from, Instant to,
                                UUID sessionId, UUID quotationId) {
        FieldErrors errors = new FieldErrors();
        if (method != null && !method.matches("[A-Za-z_]{1,30}")) {
            errors.reject("method", "must be a payment method name such as upi, card or netbanking");
        }
        if (from != null && to != null && !to.isAfter(from)) {
            errors.reject("to", "must be after from");
        }
        if (sessionId != null && quotationId != null) {
            errors.reject("quotationId", "give sessionId or quotationId, not both");
        }
        errors.throwIfAny();
        return new PaymentFilter(consultantId, status == null || status.isEmpty() ? null : EnumSet.copyOf(status), method,
                from, to, sessionId != null ? sessionId : quotationId,
                sessionId != null ? PayableType.SESSION : quotationId != null ? PayableType.QUOTATION : null);
    }

    static void checkRange(Instant from, Instant to) {
        if (from != null && to != null && !to.isAfter(from)) {
            throw new InvalidInputException("to", "must be after from");
        }
    }
}
