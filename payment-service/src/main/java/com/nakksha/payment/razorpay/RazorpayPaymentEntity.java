package com.nakksha.payment.razorpay;

import tools.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * Reads Razorpay's payment entity (webhook {@code payload.payment.entity} and API answers alike).
 * Only the fields Nakksha uses are read, so unknown or method-specific fields and {@code notes} as
 * {@code []} or an object do not matter; {@code ""} error fields count as absent.
 */
public final class RazorpayPaymentEntity {

    private RazorpayPaymentEntity() {
    }

    /** @param observedAt when Razorpay took this snapshot (the webhook's {@code created_at}, or now for a fetch) */
    public static ProviderPayment read(JsonNode entity, Instant observedAt) {
        return new ProviderPayment(
                requiredText(entity, "id"),
                requiredText(entity, "order_id"),
                AttemptStatus.fromRazorpay(text(entity, "status")),
                entity.path("amount").asLong(),
                requiredText(entity, "currency"),
                text(entity, "method"),
                number(entity, "fee"),
                number(entity, "tax"),
                text(entity, "error_code"),
                text(entity, "error_description"),
                observedAt);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        String text = value.asString();
        return text.isEmpty() ? null : text;
    }

    static String requiredText(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            throw new IllegalArgumentException("Razorpay entity has no " + field);
        }
        return value;
    }

    static Long number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.asLong() : null;
    }
}
