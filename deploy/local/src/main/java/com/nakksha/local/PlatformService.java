package com.nakksha.local;

import java.util.Optional;

/** The seven services of the platform, with the port and Postgres schema each one owns. */
public enum PlatformService {
    GATEWAY("gateway-service", 8080, null),
    IDENTITY("identity-service", 8081, "identity"),
    BOOKING("booking-service", 8082, "booking"),
    PAYMENT("payment-service", 8083, "payment"),
    QUOTATION("quotation-service", 8084, "quotation"),
    NOTIFICATION("notification-service", 8085, "notification"),
    ANALYTICS("analytics-service", 8086, "analytics");

    private final String module;
    private final int port;
    private final String schema;

    PlatformService(String module, int port, String schema) {
        this.module = module;
        this.port = port;
        this.schema = schema;
    }

    /** Maven module directory, artifact name and process name at once. */
    public String module() {
        return module;
    }

    public int port() {
        return port;
    }

    /** The schema and login role of the same name; empty for the gateway, which has no database. */
    public Optional<String> schema() {
        return Optional.ofNullable(schema);
    }

    public static Optional<PlatformService> byName(String name) {
        for (PlatformService service : values()) {
            if (service.module.equals(name) || service.module.equals(name + "-service")) {
                return Optional.of(service);
            }
        }
        return Optional.empty();
    }
}
