package com.nakksha.defaults.problem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.micrometer.context.ContextSnapshot;
import io.r2dbc.spi.R2dbcException;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.ServerErrorException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.util.DisconnectedClientHelper;

import com.nakksha.defaults.context.ContextThreadLocals;
import com.nakksha.defaults.failure.TransientFailures;
import com.nakksha.defaults.input.InputRefusedException;
import com.nakksha.defaults.problem.ProblemException.FieldProblem;
import com.nakksha.edge.problem.ProblemWriter;
import com.nakksha.edge.requestid.RequestIdFilter;

/**
 * Turns every failure into {@code application/problem+json}: field errors for validation and for
 * {@link InvalidInputException}, 400 for malformed bodies and wrong types, 413 for oversized bodies,
 * 400 for values Postgres refuses as a data exception (SQLSTATE class 22, a backstop behind the
 * binding rules of {@link com.nakksha.defaults.input.InputRules}),
 * 503 with {@code Retry-After} when the database or broker cannot be reached ({@link TransientFailures},
 * the same rule the Kafka listeners retry by), the status of its kind for a domain {@link Refusal},
 * 409 for an {@link OptimisticLockingFailureException}
 * (a concurrent change the caller may retry after reloading), and a 500 without internals for the rest.
 * A client that closed its connection before the answer (Spring's {@link DisconnectedClientHelper}) gets none and
 * is logged at debug level, not as an error.
 */
public class ProblemWebExceptionHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

    /** SQLSTATE class 22, "data exception": a value out of range, NUL in text, an unparsable literal. */
    private static final String DATA_EXCEPTION_CLASS = "22";

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    private final ProblemWriter writer;
    private final Duration retryAfter;

    /** A handler that asks clients to retry after 5 s when the infrastructure is away. */
    public ProblemWebExceptionHandler(ProblemWriter writer) {
        this(writer, DEFAULT_RETRY_AFTER);
    }

    /** @param retryAfter sent as {@code Retry-After} (whole seconds, rounded up, at least 1) with every 503 */
    public ProblemWebExceptionHandler(ProblemWriter writer, Duration retryAfter) {
        this.writer = writer;
        this.retryAfter = retryAfter;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (DisconnectedClientHelper.isClientDisconnectedException(error)) {
            // The client closed the connection (gave up waiting, navigated away): no one is left to answer, and it
            // is not the server's error, so it stays out of the error log that operators alert on.
            log.debug("Client went away during {} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error.toString());
            return Mono.empty();
        }
        // The request's observation is in the Reactor context here, so the error's log line carries its trace.
        return Mono.deferContextual(context -> {
            ProblemDetail problem;
            try (ContextSnapshot.Scope scope = ContextThreadLocals.open(context)) {
                problem = toProblem(exchange, error);
            }
            return writer.write(exchange, problem);
        });
    }

    ProblemDetail toProblem(ServerWebExchange exchange, Throwable error) {
        if (error instanceof WebExchangeBindException bind) {
            List<FieldProblem> errors = new ArrayList<>();
            for (FieldError field : bind.getFieldErrors()) {
                errors.add(new FieldProblem(field.getField(), field.getDefaultMessage()));
            }
            bind.getGlobalErrors().forEach(global -> errors.add(new FieldProblem(global.getObjectName(), global.getDefaultMessage())));
            return invalid(errors);
        }
        if (error instanceof HandlerMethodValidationException validation) {
            List<FieldProblem> errors = new ArrayList<>();
            validation.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(resolvable ->
                    errors.add(new FieldProblem(parameterName(result.getMethodParameter().getParameterName(), resolvable),
                            resolvable.getDefaultMessage()))));
            return invalid(errors);
        }
        if (error instanceof ConstraintViolationException violations) {
            List<FieldProblem> errors = violations.getConstraintViolations().stream()
                    .map(violation -> new FieldProblem(lastNode(violation.getPropertyPath().toString()), violation.getMessage()))
                    .toList();
            return invalid(errors);
        }
        Optional<InvalidInputException> refused = cause(error, InvalidInputException.class);
        if (refused.isPresent()) {
            return invalid(refused.get().violations().stream()
                    .map(violation -> new FieldProblem(violation.field(), violation.message()))
                    .toList());
        }
        if (error instanceof ServerWebInputException input) {
            return inputProblem(input);
        }
        if (error instanceof ServerErrorException missing && missing.getMethodParameter() != null
                && missing.getMethodParameter().hasParameterAnnotation(PathVariable.class)) {
            // WebFlux's "missing path variable" (a 500): the segment was there but blank, so it converted to null
            // (e.g. a UUID from "%20"). The client sent it, so it is the client's 400 naming the variable.
            String name = Optional.ofNullable(missing.getMethodParameter().getParameterName()).orElse(missing.getReason());
            return invalid(List.of(new FieldProblem(name, "must not be blank")));
        }
        Optional<Refusal> refusal = error instanceof ErrorResponse ? Optional.empty() : cause(error, Refusal.class);
        if (refusal.isPresent()) {
            return refused(exchange, refusal.get());
        }
        if (error instanceof ErrorResponse response) {
            // Headers the error carries belong to its answer (Allow on a 405, Retry-After on a 429).
            exchange.getResponse().getHeaders().addAll(response.getHeaders());
            ProblemDetail body = response.getBody();
            if (body.getTitle() == null) {
                body.setTitle(HttpStatus.valueOf(body.getStatus()).getReasonPhrase());
            }
            return body;
        }
        if (cause(error, OptimisticLockingFailureException.class).isPresent()) {
            // Another request changed the same record between our read and our write: the client may retry.
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "The record was changed by another request at the same time; load it again and retry");
            problem.setTitle("Concurrent change");
            return problem;
        }
        Optional<R2dbcException> data = cause(error, R2dbcException.class);
        if (data.isPresent() && data.get().getSqlState() != null && data.get().getSqlState().startsWith(DATA_EXCEPTION_CLASS)) {
            // A value Postgres cannot hold (SQLSTATE class 22) that binding let through: the request is wrong, not the server.
            log.warn("Postgres refused a value on {} {}: SQLSTATE {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), data.get().getSqlState());
            return malformed("A value in the request is out of range or not allowed");
        }
        // Exception handlers run outside the request id filter's context, so the id is taken from the exchange.
        String requestId = RequestIdFilter.requestIdOf(exchange);
        if (TransientFailures.isTransient(error)) {
            try (MDC.MDCCloseable ignored = requestId == null ? null : MDC.putCloseable(RequestIdFilter.MDC_KEY, requestId)) {
                log.warn("Infrastructure unavailable on {} {}: {}", exchange.getRequest().getMethod(),
                        exchange.getRequest().getPath(), error.toString());
            }
            long seconds = ProblemException.wholeSeconds(retryAfter);
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The service cannot reach its database or message broker right now. Retry after " + seconds + " s.");
            problem.setTitle("Service unavailable");
            return problem;
        }
        try (MDC.MDCCloseable ignored = requestId == null ? null : MDC.putCloseable(RequestIdFilter.MDC_KEY, requestId)) {
            log.error("Unhandled error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The server could not complete the request. Quote the X-Request-Id header when reporting it.");
        problem.setTitle("Internal error");
        return problem;
    }

    private ProblemDetail refused(ServerWebExchange exchange, Refusal refusal) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(refusal.kind().status()), refusal.detail());
        problem.setTitle(refusal.title());
        if (refusal.field() != null) {
            problem.setProperty("errors", List.of(new FieldProblem(refusal.field(), refusal.getMessage())));
        }
        refusal.properties().forEach(problem::setProperty);
        if (refusal.kind() == Refusal.Kind.UNAVAILABLE) {
            Duration wait = refusal.retryAfter() != null ? refusal.retryAfter() : retryAfter;
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(ProblemException.wholeSeconds(wait)));
        }
        return problem;
    }

    private static ProblemDetail inputProblem(ServerWebInputException input) {
        if (cause(input, DataBufferLimitException.class).isPresent()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than allowed");
            problem.setTitle("Request body too large");
            return problem;
        }
        Optional<JacksonException> json = cause(input, JacksonException.class);
        if (json.isPresent()) {
            String path = json.get().getPath().stream()
                    .map(reference -> reference.getPropertyName() != null ? reference.getPropertyName() : "[" + reference.getIndex() + "]")
                    .reduce((left, right) -> right.startsWith("[") ? left + right : left + "." + right)
                    .orElse(null);
            if (path != null && json.get() instanceof UnrecognizedPropertyException) {
                // fail-on-unknown-properties: a misspelt or unsupported field is named as such, not as a bad value.
                return invalid(List.of(new FieldProblem(path, "is not a known property")));
            }
            if (path != null) {
                return invalid(List.of(new FieldProblem(path, "has the wrong type or format")));
            }
            return malformed("The request body is not valid JSON");
        }
        if (cause(input, DecodingException.class).isPresent()) {
            return malformed("The request body could not be read");
        }
        if (input.getMethodParameter() != null && input.getMethodParameter().getParameterName() != null) {
            String name = input.getMethodParameter().getParameterName();
            Optional<InputRefusedException> refused = cause(input, InputRefusedException.class);
            if (refused.isPresent()) {
                return invalid(List.of(new FieldProblem(name, refused.get().getMessage())));
            }
            return invalid(List.of(new FieldProblem(name, Optional.ofNullable(input.getReason()).orElse("is invalid"))));
        }
        return malformed(Optional.ofNullable(input.getReason()).orElse("The request could not be read"));
    }

    private static ProblemDetail invalid(List<FieldProblem> errors) {
        String detail = errors.isEmpty() ? "The request is invalid"
                : "Invalid fields: " + String.join(", ", errors.stream().map(FieldProblem::field).distinct().toList());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }

    private static ProblemDetail malformed(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Malformed request");
        return problem;
    }

    private static String parameterName(String parameter, org.springframework.context.MessageSourceResolvable resolvable) {
        if (resolvable instanceof FieldError field) {
            return field.getField();
        }
        if (resolvable instanceof DefaultMessageSourceResolvable && parameter != null) {
            return parameter;
        }
        return parameter == null ? "request" : parameter;
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static <T extends Throwable> Optional<T> cause(Throwable error, Class<T> type) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return Optional.of(type.cast(current));
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return Optional.empty();
    }
}
