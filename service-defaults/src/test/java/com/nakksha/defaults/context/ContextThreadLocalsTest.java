package com.nakksha.defaults.context;

import io.micrometer.context.ContextRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

class ContextThreadLocalsTest {

    private static final String KEY = "context-thread-locals-test";
    private static final ThreadLocal<String> probe = new ThreadLocal<>();

    @BeforeAll
    static void registerProbe() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(KEY, probe::get, probe::set, probe::remove);
    }

    @AfterAll
    static void removeProbe() {
        ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
    }

    @Test
    void whatRunsInTheSubscriptionSeesTheContextsThreadLocals() {
        String seen = ContextThreadLocals.restoring(Mono.fromSupplier(probe::get))
                .contextWrite(context -> context.put(KEY, "request-1"))
                .block();

        assertThat(seen).isEqualTo("request-1");
        assertThat(probe.get()).as("put back after the subscription").isNull();
    }

    @Test
    void whatRunsDownstreamOfASignalFromAnotherThreadSeesThem() {
        String seen = ContextThreadLocals.restoring(Mono.just("signal").publishOn(Schedulers.single()))
                .map(signal -> signal + " with " + probe.get())
                .contextWrite(context -> context.put(KEY, "request-2"))
                .block();

        assertThat(seen).isEqualTo("signal with request-2");
    }

    @Test
    void whatRunsUpstreamOfALaterSignalDoesNot() {
        String seen = ContextThreadLocals.restoring(Mono.just("signal").publishOn(Schedulers.single()).map(signal -> String.valueOf(probe.get())))
                .contextWrite(context -> context.put(KEY, "request-3"))
                .block();

        assertThat(seen).isEqualTo("null");
    }
}
