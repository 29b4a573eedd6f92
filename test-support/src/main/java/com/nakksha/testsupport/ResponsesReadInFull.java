package com.nakksha.testsupport;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * Makes every {@code WebTestClient} read each response body in full as soon as the response comes,
 * whatever the test then asserts. A test that checks only the status leaves the body unread, and
 * Reactor Netty keeps that pooled connection leased until the body is read, so a JVM's tests leak a
 * connection per such request until the shared pool's 500 are all leased and the next request waits
 * for a connection past the client's timeout (spring-projects/spring-framework#29817; seen here as
 * "Timeout on blocking read" late in a module's run). Applied to every Spring test context through
 * {@code spring.factories}; a client a test builds itself takes {@link #filter()}.
 */
public final class ResponsesReadInFull implements ContextCustomizerFactory {

    /** Reads the body into memory and hands the test a response that replays it. */
    public static ExchangeFilterFunction filter() {
        return ExchangeFilterFunction.ofResponseProcessor(response -> DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()))
                .map(joined -> {
                    byte[] bytes = new byte[joined.readableByteCount()];
                    joined.read(bytes);
                    DataBufferUtils.release(joined);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .map(bytes -> response.mutate()
                        .body(Flux.defer(() -> bytes.length == 0 ? Flux.empty() : Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes))))
                        .build()));
    }

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return new RegisterFilter();
    }

    private record RegisterFilter() implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            WebTestClientBuilderCustomizer customizer = builder -> builder.filter(filter());
            context.getBeanFactory().registerSingleton("nakkshaResponsesReadInFull", customizer);
        }
    }
}
