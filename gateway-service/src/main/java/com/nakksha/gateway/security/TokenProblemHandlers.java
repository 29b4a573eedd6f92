package com.nakksha.gateway.security;

import com.nakksha.edge.problem.ProblemWriter;
import com.nakksha.gateway.ratelimit.RefusedTokenLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Token problems as problem details: 401 for a missing or unusable token (counted against the client's
 * address by {@link RefusedTokenLimit}), 503 when the token cannot be checked because identity-service's
 * keys cannot be fetched (the client is not at fault then).
 */
@Component
class TokenProblemHandlers implements ServerAuthenticationEntryPoint, ServerAuthenticationFailureHandler, ServerAccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(TokenProblemHandlers.class);

    private final ProblemWriter writer;
    private final RefusedTokenLimit refusals;

    TokenProblemHandlers(ProblemWriter writer, RefusedTokenLimit refusals) {
        this.writer = writer;
        this.refusals = refusals;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException error) {
        boolean tokenPresented = exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, tokenPresented
                ? "The bearer token is not valid: it may be expired, tampered with or not issued for this platform"
                : "A bearer token is required");
        problem.setTitle("Unauthorized");
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                tokenPresented ? "Bearer error=\"invalid_token\"" : "Bearer");
        return refusals.refused(exchange).then(writer.write(exchange, problem));
    }

    @Override
    public Mono<Void> onAuthenticationFailure(WebFilterExchange webFilterExchange, AuthenticationException error) {
        ServerWebExchange exchange = webFilterExchange.getExchange();
        if (error instanceof AuthenticationServiceException) {
            log.warn("Cannot check a bearer token for {}: {}", exchange.getRequest().getPath(), error.getMessage());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "Tokens cannot be checked right now; please try again shortly.");
            problem.setTitle("Service unavailable");
            problem.setProperty("service", "identity-service");
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
            return refusals.accepted(exchange).then(writer.write(exchange, problem));
        }
        log.debug("Bearer token refused for {}: {}", exchange.getRequest().getPath(), error.getMessage());
        return commence(exchange, error);
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "You may not access this resource");
        problem.setTitle("Forbidden");
        return writer.write(exchange, problem);
    }
}
