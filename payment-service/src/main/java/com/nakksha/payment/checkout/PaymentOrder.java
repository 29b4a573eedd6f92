package com.nakksha.payment.checkout;

import java.util.UUID;

/**
 * Our record of a payable's Razorpay order. CREATING means a create was (or is being) attempted and
 * Razorpay's answer is not known: the order is looked up by receipt before another create.
 */
record PaymentOrder(UUID id, UUID payableId, String receipt, String razorpayOrderId, long amountMinor, String currency,
                    String status) {

    boolean created() {
        return "CREATED".equals(status);
    }

    /** Razorpay's receipt for a payable: unique, 36 characters (Razorpay allows 40). */
    static String receiptFor(UUID payableId) {
        return "nks_" + payableId.toString().replace("-", "");
    }
}
