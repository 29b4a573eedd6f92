package com.nakksha.gateway.problem;

import com.nakksha.edge.problem.ProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;

/**
 * Errors raised inside the gateway itself (no route for a path, a method a route does not take, a
 * failure of its own) as problem details like every other answer, instead of Boot's error JSON.
 * Runs before Boot's handler, which it replaces. A client that closed its connection before the answer
 * (Spring's {@link DisconnectedClientHelper}) gets none and is logged at debug level, not as a failure.
 */
@Component
@Order(-2)
class ProblemErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);

    private final ProblemWriter writer;

    ProblemErrorHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        if (DisconnectedClientHelper.isClientDisconnectedException(error)) {
            // The client closed the connection: no one is left to answer, and it is not the gateway's failure.
            log.debug("Client went away during {} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error.toString());
            return Mono.empty();
        }
        ProblemDetail problem;
        if (error instanceof ResponseStatusException statusError) {
            problem = ProblemDetail.forStatus(statusError.getStatusCode());
            if (statusError.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
                problem.setDetail("No API at " + exchange.getRequest().getPath().value());
            } else if (statusError.getReason() != null) {
                problem.setDetail(statusError.getReason());
            }
            exchange.getResponse().getHeaders().putAll(statusError.getHeaders());
        } else {
            log.error("Gateway failure for {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
            problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "The gateway failed to handle this request");
        }
        return writer.write(exchange, problem);
    }
}
