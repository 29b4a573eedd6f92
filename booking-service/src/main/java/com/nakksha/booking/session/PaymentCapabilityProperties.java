package com.nakksha.booking.session;

import java.util.Base64;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys payment capabilities are made with; the launcher generates them (base64 of 32 bytes) and hands
 * each to the service that shares it. Both are optional so a bare local start works: without
 * {@code tagKey} a capability is 32 random bytes payment-service cannot recognise before SessionBooked
 * reaches it (it answers 404 until then); without a seal key SessionBooked carries no sealed capability
 * and the booking mail no pay link.
 *
 * @param tagKey    shared with payment-service ({@code nakksha.payment.capability-tag-keys}): tags each
 *                  capability with its session ({@link com.nakksha.schemas.tokens.PaymentCapabilityToken})
 * @param sealKeyId the id of {@code sealKey}, as notification-service knows it
 * @param sealKey   shared with notification-service ({@code nakksha.notification.link-token-keys.<id>}):
 *                  seals the capability into SessionBooked.sealedPaymentCapability for the mail's pay link, and
 *                  the client's manage token into SessionBooked.sealedManageToken for the mails' manage link
 */
@ConfigurationProperties("nakksha.booking.payment-capability")
public record PaymentCapabilityProperties(String tagKey, @DefaultValue("launcher") String sealKeyId, String sealKey) {

    byte[] tagKeyBytes() {
        return decode(tagKey, "tag-key");
    }

    byte[] sealKeyBytes() {
        return decode(sealKey, "seal-key");
    }

    private static byte[] decode(String key, String name) {
        if (key == null || key.isBlank()) {
            return null;
        }
        byte[] bytes = Base64.getDecoder().decode(key.strip());
        if (bytes.length != 32) {
            throw new IllegalArgumentException("nakksha.booking.payment-capability." + name + " must be base64 of 32 bytes");
        }
        return bytes;
    }
}
