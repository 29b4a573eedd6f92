package com.nakksha.payment.checkout;

import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the public order endpoint recognises a capability booking issued before the session's payable has
 * arrived (SessionBooked is on its way through Kafka, typically well under a second).
 *
 * @param capabilityTagKeys  base64 of the 32-byte keys booking tags capabilities with
 *                           ({@code nakksha.booking.payment-capability.tag-key}): the current one and, while
 *                           rotating, the previous; empty: no capability is recognised early (404 until then)
 * @param payableArrivalWait how long an order request with a recognised capability waits for its payable
 *                           before answering 503 with {@code Retry-After}
 */
@ConfigurationProperties("nakksha.payment.checkout")
public record CheckoutProperties(@DefaultValue List<String> capabilityTagKeys, @DefaultValue("3s") Duration payableArrivalWait) {

    public CheckoutProperties {
        for (String key : capabilityTagKeys) {
            if (Base64.getDecoder().decode(key.strip()).length != 32) {
                throw new IllegalArgumentException("nakksha.payment.checkout.capability-tag-keys must be base64 of 32 bytes each");
            }
        }
    }

    List<byte[]> tagKeys() {
        return capabilityTagKeys.stream().map(key -> Base64.getDecoder().decode(key.strip())).toList();
    }
}
