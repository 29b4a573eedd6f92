package com.nakksha.gateway.routing;

import java.net.URI;
import java.util.List;
import java.util.function.Function;

/**
 * Each service behind the gateway and the public paths it owns (DESIGN.md). Route order matters where
 * paths nest: admin analytics belongs to analytics-service although identity owns the rest of /admin.
 */
public enum Downstream {
    ANALYTICS("analytics", DownstreamServices::analytics, 10,
            "/api/v1/analytics/**", "/api/v1/admin/analytics/**"),
    IDENTITY("identity", DownstreamServices::identity, 20,
            "/api/v1/auth/**", "/api/v1/consultants/**", "/api/v1/admin/**", "/.well-known/jwks.json"),
    BOOKING("booking", DownstreamServices::booking, 20,
            "/api/v1/public/consultants/**", "/api/v1/availability/**", "/api/v1/clients/**", "/api/v1/sessions/**"),
    PAYMENT("payment", DownstreamServices::payment, 20,
            "/api/v1/payments/**", "/api/v1/webhooks/razorpay/**"),
    QUOTATION("quotation", DownstreamServices::quotation, 20,
            "/api/v1/quotations/**", "/api/v1/public/quotations/**"),
    NOTIFICATION("notification", DownstreamServices::notification, 20,
            "/api/v1/notifications/**", "/api/v1/email-logs/**");

    private final String name;
    private final Function<DownstreamServices, URI> uri;
    private final int order;
    private final List<String> paths;

    Downstream(String name, Function<DownstreamServices, URI> uri, int order, String... paths) {
        this.name = name;
        this.uri = uri;
        this.order = order;
        this.paths = List.of(paths);
    }

    /** Short name used in {@code /health/{name}} and as the circuit breaker's name. */
    public String shortName() {
        return name;
    }

    public String serviceName() {
        return name + "-service";
    }

    public URI uri(DownstreamServices services) {
        return uri.apply(services);
    }

    public int order() {
        return order;
    }

    public List<String> paths() {
        return paths;
    }
}
