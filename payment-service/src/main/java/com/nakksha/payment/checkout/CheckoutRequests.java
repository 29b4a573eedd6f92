package com.nakksha.payment.checkout;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/** Bodies and answers of the public checkout endpoints. */
final class CheckoutRequests {

    private CheckoutRequests() {
    }

    /**
     * @param payableId the session (or quotation) to pay
     * @param capability the payment capability the public booking answer carried
     */
    record NewOrder(@NotNull UUID payableId, @NotBlank @Size(max = 200) String capability) {
    }

    /** What Razorpay Checkout needs; {@code amount} in major units for display, {@code amountMinor} for Checkout. */
    record CheckoutOrder(String keyId, String orderId, String amount, long amountMinor, String currency, String name,
                         String description, Prefill prefill) {
    }

    record Prefill(String name, String email, String contact) {
    }

    /**
     * The Checkout success handler's fields, named exactly as Razorpay Checkout hands them over, so field
     * errors name what the client sent.
     */
    record Verification(@NotBlank @Size(max = 40) String razorpay_order_id,
                        @NotBlank @Size(max = 40) String razorpay_payment_id,
                        @NotBlank @Size(max = 128) String razorpay_signature) {
    }

    /** The payable's payment state after verification, e.g. PAID. */
    record Verified(UUID payableId, String paymentState) {
    }
}
