package com.nakksha.payment.dashboard;

import com.nakksha.defaults.problem.FieldErrors;
import com.nakksha.defaults.problem.InvalidInputException;

/**
 * The rules of a refund request's fields, checked before anything is read or written: {@code reason}
 * 1 to {@value #MAX_REASON} characters without control characters (NUL cannot be stored and the
 * others have no place in a reason); {@code amount} a positive major-unit decimal with at most the
 * currency's decimal places.
 */
final class RefundInput {

    /** The refund table's reason column holds 500 characters. */
    static final int MAX_REASON = 500;

    private RefundInput() {
    }

    /** @throws InvalidInputException naming {@code reason} and {@code amount} when they break a rule */
    static void check(String amount, String reason) {
        FieldErrors errors = new FieldErrors();
        if (reason == null || reason.isBlank()) {
            errors.reject("reason", "is required");
        } else if (reason.length() > MAX_REASON) {
            errors.reject("reason", "must be at most " + MAX_REASON + " characters");
        } else if (reason.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r')) {
            errors.reject("reason", "must not contain control characters");
        }
        if (amount != null) {
            // The currency is the payment's; INR's two decimals are the syntax check here, the payment's own below.
            errors.parse("amount", () -> MajorUnits.parsePositive(amount, "INR"));
        }
        errors.throwIfAny();
    }

    /** The amount in the payment's minor units. @throws InvalidInputException on {@code amount} */
    static long amount(String amount, String currency) {
        try {
            return MajorUnits.parsePositive(amount, currency);
        } catch (IllegalArgumentException refused) {
            throw new InvalidInputException("amount", refused.getMessage());
        }
    }
}
