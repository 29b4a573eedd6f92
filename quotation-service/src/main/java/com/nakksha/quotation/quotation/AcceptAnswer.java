package com.nakksha.quotation.quotation;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * The accept answer: the quotation as shown, and what the client sends to
 * {@code POST /api/v1/payments/orders} ({@code {"payableId": ..., "capability": ...}}) to get a
 * Razorpay Checkout order for the final amount. Accepting again returns the same capability.
 *
 * @param payment null when the quotation is already paid
 */
public record AcceptAnswer(PublicQuotationView quotation, Payment payment) {

    /**
     * @param payableId what payment-service knows the quotation as
     * @param capability the secret that authorises creating the order; keep it like the link
     * @param amount final amount in major units
     * @param ordersPath where to create the order
     */
    public record Payment(UUID payableId, String capability, BigDecimal amount, String currency, String ordersPath) {
    }
}
