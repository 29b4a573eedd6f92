package com.nakksha.defaults.problem;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nakksha.defaults.problem.ProblemException.FieldProblem;
import com.nakksha.edge.problem.ProblemWriter;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.netty.channel.AbortedException;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProblemWebExceptionHandlerTest {

    private final ProblemWebExceptionHandler handler = new ProblemWebExceptionHandler(null);
    private final MockServerWebExchange exchange = MockServerWebExchange.from(
            MockServerHttpRequest.method(HttpMethod.GET, URI.create("/api/v1/sessions")).build());

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aClientThatClosedItsConnectionGetsNoAnswerAndIsNoServerError(CapturedOutput output) {
        ProblemWebExceptionHandler writing = new ProblemWebExceptionHandler(new ProblemWriter(ServerCodecConfigurer.create()));

        writing.handle(exchange, new AbortedException("Connection has been closed BEFORE send operation")).block();

        assertThat(exchange.getResponse().getStatusCode()).as("nothing written to a closed connection").isNull();
        assertThat(output.getAll()).doesNotContain("Unhandled error");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aServerFailureIsStillAnUnhandledError(CapturedOutput output) {
        ProblemDetail problem = handler.toProblem(exchange, new IllegalStateException("a bug"));

        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(output.getAll()).contains("Unhandled error on GET /api/v1/sessions");
    }

    @Test
    void aPostgresDataExceptionIsTheClientsBadRequestNotAServerError() {
        // 22008: datetime field overflow, what a year past 294276 gives.
        ProblemDetail problem = handler.toProblem(exchange, new DataIntegrityViolationException("insert failed",
                new R2dbcDataIntegrityViolationException("date/time field value out of range", "22008")));

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getDetail()).doesNotContain("date/time");
    }

    @Test
    void otherDatabaseFailuresKeepTheirAnswer() {
        ProblemDetail problem = handler.toProblem(exchange, new R2dbcTransientResourceException("gone", "08006"));

        assertThat(problem.getStatus()).isNotEqualTo(400);
    }

    @Test
    void aDomainRefusalIsAnsweredWithItsKindsStatusTitleFieldAndProperties() {
        ProblemDetail problem = handler.toProblem(exchange, new SeatRefused("seats", "the webinar is full"));

        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getTitle()).isEqualTo("Seat refused");
        assertThat(problem.getDetail()).isEqualTo("No seat: the webinar is full");
        assertThat(problem.getProperties()).containsEntry("errors", List.of(new FieldProblem("seats", "the webinar is full")))
                .containsEntry("waitlist", false);
        assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNull();
    }

    @Test
    void anUnavailableRefusalAsksToRetryAfterItsOwnWaitRoundedUpOrTheServiceDefault() {
        ProblemDetail problem = new ProblemWebExceptionHandler(null, Duration.ofSeconds(7))
                .toProblem(exchange, new ProviderBusy(Duration.ofMillis(1_200)));

        assertThat(problem.getStatus()).isEqualTo(503);
        assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");

        MockServerWebExchange other = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/orders").build());
        new ProblemWebExceptionHandler(null, Duration.ofSeconds(7)).toProblem(other, new ProviderBusy(null));
        assertThat(other.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
    }

    @Test
    void aProblemThatAsksToWaitCarriesRetryAfterInWholeSecondsRoundedUp() {
        ProblemDetail problem = handler.toProblem(exchange, new Throttled(Duration.ofMillis(2_001)));

        assertThat(problem.getStatus()).isEqualTo(429);
        assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("3");
    }

    private static final class Throttled extends ProblemException {
        Throttled(Duration wait) {
            super(HttpStatus.TOO_MANY_REQUESTS, "Throttled", "too many");
            retryAfter(wait);
        }
    }

    @Test
    void aRefusalWrappedByAnotherFailureIsStillTheRefusal() {
        ProblemDetail problem = handler.toProblem(exchange,
                new IllegalStateException("commit failed", new SeatRefused("seats", "the webinar is full")));

        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getTitle()).isEqualTo("Seat refused");
    }

    private static final class SeatRefused extends Refusal {
        private final String field;

        SeatRefused(String field, String message) {
            super(Kind.CONFLICT, "Seat refused", message);
            this.field = field;
        }

        @Override
        public String detail() {
            return "No seat: " + getMessage();
        }

        @Override
        public String field() {
            return field;
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("waitlist", false);
        }
    }

    private static final class ProviderBusy extends Refusal {
        private final Duration wait;

        ProviderBusy(Duration wait) {
            super(Kind.UNAVAILABLE, "Provider busy", "the provider is busy");
            this.wait = wait;
        }

        @Override
        public Duration retryAfter() {
            return wait;
        }
    }

    @Test
    void aRefusalWrappedByACodecStillNamesItsFields() {
        ProblemDetail problem = handler.toProblem(exchange,
                new IllegalStateException("decoding failed", new InvalidInputException("name", "must not contain the NUL character")));

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getDetail()).isEqualTo("Invalid fields: name");
    }

    @Test
    void aConcurrentChangeIsAConflictTheClientMayRetry() {
        ProblemDetail problem = handler.toProblem(exchange, new IllegalStateException("save failed",
                new OptimisticLockingFailureException("consultant changed concurrently")));

        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getDetail()).doesNotContain("consultant changed");
    }

    record Birthday(String name, java.time.LocalDate date) {
    }

    @Test
    void anUnknownJsonPropertyIsNamedAsUnknownAndAWrongValueAsWrong() {
        JsonMapper mapper = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

        ProblemDetail unknown = handler.toProblem(exchange, new ServerWebInputException("bad body", null,
                catchThrowableOfType(JacksonException.class, () -> mapper.readValue("{\"name\":\"A\",\"nickname\":\"B\"}", Birthday.class))));
        ProblemDetail wrong = handler.toProblem(exchange, new ServerWebInputException("bad body", null,
                catchThrowableOfType(JacksonException.class, () -> mapper.readValue("{\"name\":\"A\",\"date\":\"soon\"}", Birthday.class))));

        assertThat(unknown.getStatus()).isEqualTo(400);
        assertThat(unknown.getDetail()).isEqualTo("Invalid fields: nickname");
        assertThat(unknown.getProperties()).extractingByKey("errors").asString().contains("is not a known property");
        assertThat(wrong.getDetail()).isEqualTo("Invalid fields: date");
        assertThat(wrong.getProperties()).extractingByKey("errors").asString().contains("has the wrong type or format");
    }
}
