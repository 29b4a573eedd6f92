package com.nakksha.identity.password;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/** 503 for a full hashing queue carries Retry-After, which the platform's generic problem handler does not set. */
@RestControllerAdvice
class PasswordProblemAdvice {

    @ExceptionHandler(HashingBusy.class)
    ResponseEntity<ProblemDetail> busy(HashingBusy busy, ServerWebExchange exchange) {
        ProblemDetail problem = busy.getBody();
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        return ResponseEntity.status(busy.getStatusCode())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(HashingBusy.RETRY_AFTER_SECONDS))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
