package com.nakksha.local;

import java.util.Optional;

/**
 * The seven services of the platform, with the port and Postgres schema each one owns, and the local
 * stack's stand-ins for outside providers (the Razorpay simulator), which run the same way.
 */
public enum PlatformService {
    GATEWAY("gateway-service", 8080, null),
    IDENTITY("identity-service", 8081, "identity"),
    BOOKING("booking-service", 8082, "booking"),
    PAYMENT("payment-service", 8083, "payment"),
    QUOTATION("quotation-service", 8084, "quotation"),
    NOTIFICATION("notification-service", 8085, "notification"),
    ANALYTICS("analytics-service", 8086, "analytics"),
    /** Razorpay's API and its side of a payment, in memory; payment-service calls it, it sends webhooks to the gateway. */
    RAZORPAY_SIMULATOR("razorpay-simulator", "deploy/razorpay-simulator", 8090, null);

    static final int GATEWAY_MANAGEMENT_PORT = 8180;

    private final String module;
    private final String directory;
    private final int port;
    private final String schema;

    PlatformService(String module, int port, String schema) {
        this(module, module, port, schema);
    }

    PlatformService(String module, String directory, int port, String schema) {
        this.module = module;
        this.directory = directory;
        this.port = port;
        this.schema = schema;
    }

    /** Artifact name (its jar is {@code target/<module>.jar}) and process name at once. */
    public String module() {
        return module;
    }

    /** The Maven module's directory, relative to the repository root. */
    public String directory() {
        return directory;
    }

    public int port() {
        return port;
    }

    /**
     * Where its actuator (readiness, metrics) listens: the gateway's is on a port of its own, which
     * clients never reach (its application.yaml; the launcher sets it too); the others share their port.
     */
    public int managementPort() {
        return this == GATEWAY ? GATEWAY_MANAGEMENT_PORT : port;
    }

    /** The schema and login role of the same name; empty for the gateway and the simulator, which have no database. */
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
