package com.nakksha.payment.razorpay;

import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything payment-service asks Razorpay, off the event loop, each call bounded by a timeout and a
 * circuit breaker. Failures come as {@link RazorpayUnavailableException} (no answer, 5xx, breaker open:
 * the client sees 503 and may try again) or {@link RazorpayRejectedException} (Razorpay said no).
 */
public interface RazorpayGateway {

    /**
     * Creates an order, at most one per receipt: when the create got no answer, the order is looked up by
     * receipt before the failure is reported, so a create that landed is found rather than made twice.
     */
    Mono<RazorpayOrder> createOrder(NewOrder order);

    /** The order made with this receipt, if Razorpay has one. */
    Mono<Optional<RazorpayOrder>> findOrderByReceipt(String receipt);

    /** The payment as Razorpay sees it now. */
    Mono<ProviderPayment> fetchPayment(String providerPaymentId);

    /** Every payment made against an order, as Razorpay sees them now (for reconciliation). */
    Mono<List<ProviderPayment>> paymentsOfOrder(String providerOrderId);

    /** Captures an authorised payment for exactly this amount. */
    Mono<ProviderPayment> capturePayment(String providerPaymentId, long amountMinor, String currency);

    /**
     * Refunds part or all of a captured payment. {@code idempotencyKey} is sent as
     * {@code X-Refund-Idempotency}: the same key and body return the original refund instead of a second one.
     */
    Mono<RazorpayRefund> createRefund(String providerPaymentId, long amountMinor, String idempotencyKey,
                                      Map<String, String> notes);

    /**
     * @param amountMinor amount in paise, at least 100
     * @param receipt our unique reference, at most 40 characters
     * @param notes our ids, at most 15 pairs of at most 256 characters
     */
    record NewOrder(long amountMinor, String currency, String receipt, Map<String, String> notes) {
    }

    record RazorpayOrder(String id, long amountMinor, String currency, String receipt, String status) {
    }

    /** @param status {@code pending|processed|failed} */
    record RazorpayRefund(String id, String providerPaymentId, long amountMinor, String status) {
    }
}
