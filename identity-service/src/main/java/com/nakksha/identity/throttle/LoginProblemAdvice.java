package com.nakksha.identity.throttle;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/** 429 answers carry Retry-After, which the platform's generic problem handler does not set. */
@RestControllerAdvice
class LoginProblemAdvice {

    @ExceptionHandler(LoginThrottled.class)
    ResponseEntity<ProblemDetail> throttled(LoginThrottled throttled, ServerWebExchange exchange) {
        ProblemDetail problem = throttled.getBody();
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        long seconds = Math.max(1, throttled.retryAfter().toSeconds() + (throttled.retryAfter().toNanosPart() > 0 ? 1 : 0));
        return ResponseEntity.status(throttled.getStatusCode())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
