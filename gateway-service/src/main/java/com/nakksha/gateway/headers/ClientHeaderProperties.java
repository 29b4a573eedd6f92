package com.nakksha.gateway.headers;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * Request headers a client may not set, because services or the gateway give them meaning: internal
 * identity and routing hints, and the forwarding headers the gateway writes itself. A trailing
 * {@code *} matches any suffix; names are case-insensitive.
 */
@ConfigurationProperties("nakksha.gateway.headers")
public record ClientHeaderProperties(
        @DefaultValue({"X-Internal-*", "X-Consultant-*", "X-Caller-*", "X-User-*", "X-Admin-*",
                "X-Forwarded-*", "Forwarded", "X-Real-IP", "X-Client-IP"}) List<String> stripped) {
}
