package com.nakksha.gateway.problem;

import java.net.URI;

import com.nakksha.edge.problem.ProblemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.netty.channel.AbortedException;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ProblemErrorHandlerTest {

    private final ProblemErrorHandler handler = new ProblemErrorHandler(new ProblemWriter(ServerCodecConfigurer.create()));
    private final MockServerWebExchange exchange = MockServerWebExchange.from(
            MockServerHttpRequest.method(HttpMethod.POST, URI.create("/api/v1/public/consultants/asha-rao/bookings")).build());

    @Test
    void aClientThatClosedItsConnectionGetsNoAnswerAndIsNoGatewayFailure(CapturedOutput output) {
        handler.handle(exchange, new AbortedException("Connection has been closed BEFORE send operation")).block();

        assertThat(exchange.getResponse().getStatusCode()).as("nothing written to a closed connection").isNull();
        assertThat(output.getAll()).doesNotContain("Gateway failure");
    }

    @Test
    void aFailureOfItsOwnIsStillAServerErrorProblem(CapturedOutput output) {
        handler.handle(exchange, new IllegalStateException("a bug")).block();

        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(500);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("The gateway failed to handle this request");
        assertThat(output.getAll()).contains("Gateway failure for POST /api/v1/public/consultants/asha-rao/bookings");
    }
}
