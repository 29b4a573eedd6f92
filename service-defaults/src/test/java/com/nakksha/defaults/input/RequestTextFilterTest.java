package com.nakksha.defaults.input;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.InvalidInputException.Violation;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTextFilterTest {

    private final RequestTextFilter filter = new RequestTextFilter();

    @Test
    void passesOrdinaryParametersOn() {
        AtomicBoolean reached = new AtomicBoolean();
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create("/api/v1/clients?q=Asha%20Rao&city=Pune")).build());

        StepVerifier.create(filter.filter(exchange, ignored -> Mono.fromRunnable(() -> reached.set(true)))).verifyComplete();

        assertThat(reached).isTrue();
    }

    @Test
    void refusesNulAndLineBreaksNamingEveryParameter() {
        AtomicBoolean reached = new AtomicBoolean();
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create("/api/v1/clients?q=%00&city=a%0D%0Ab&state=ok")).build());

        StepVerifier.create(filter.filter(exchange, ignored -> Mono.fromRunnable(() -> reached.set(true))))
                .verifyErrorSatisfies(error -> assertThat(((InvalidInputException) error).violations()).containsExactlyInAnyOrder(
                        new Violation("q", InputRules.NUL), new Violation("city", InputRules.SINGLE_LINE)));
        assertThat(reached).isFalse();
    }

    @Test
    void refusesControlCharactersInThePath() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create("/api/v1/public/a%00b")).build());

        StepVerifier.create(filter.filter(exchange, ignored -> Mono.empty()))
                .verifyErrorSatisfies(error -> assertThat(((InvalidInputException) error).violations())
                        .containsExactly(new Violation("path", InputRules.NUL)));
    }

    @Test
    void refusesABlankAmongRepeatedValues() {
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.method(HttpMethod.GET, URI.create("/api/v1/sessions?status=PENDING&status=%20")).build());

        StepVerifier.create(filter.filter(exchange, ignored -> Mono.empty()))
                .verifyErrorSatisfies(error -> assertThat(((InvalidInputException) error).violations())
                        .containsExactly(new Violation("status", ListParameterBinding.ListEditor.BLANK)));
    }
}
