package com.nakksha.local.services;

import java.util.List;
import java.util.Locale;

/**
 * The JVM options every service of the local stack runs with.
 *
 * <p>{@link #FAST_START} (the default) caps the JIT at C1: ten JVMs start at once on a laptop, and C2's
 * compilations would compete with them for the cores; the code it leaves is several times slower under
 * load. Its heap starts at 16 MiB and grows as needed: the JVM's default start on a 24 GiB machine (1/64 of
 * it, capped at the maximum) had every service touch its whole young generation while starting, about 50 MiB
 * each that a quiet local stack never needed. {@link #PRODUCTION} is what the Kubernetes manifests give a pod (deploy/k8s {@code ServiceManifests}):
 * the full tiered JIT and the serial collector the JVM picks by itself on a small container, with the heap
 * of a 640 MiB pod's 60 per cent; use it to measure throughput.
 */
public enum JvmProfile {

    FAST_START(List.of("-Xms16m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")),
    PRODUCTION(List.of("-Xmx384m", "-XX:+UseSerialGC"));

    private final List<String> options;

    JvmProfile(List<String> options) {
        this.options = options;
    }

    /** Heap, collector and JIT options, without the ones every profile shares. */
    public List<String> options() {
        return options;
    }

    /** The name as the command line spells it, e.g. {@code fast-start}. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param value {@code fast-start} or {@code production}
     * @throws IllegalArgumentException naming the accepted values for anything else
     */
    public static JvmProfile of(String value) {
        for (JvmProfile profile : values()) {
            if (profile.optionValue().equals(value)) {
                return profile;
            }
        }
        throw new IllegalArgumentException("JVM profile must be fast-start or production, not " + value);
    }
}
