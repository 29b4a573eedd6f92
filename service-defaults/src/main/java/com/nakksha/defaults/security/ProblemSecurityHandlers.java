package com.nakksha.defaults.security;

import java.util.List;

import com.nakksha.edge.problem.ProblemWriter;
import com.nakksha.edge.token.ApprovalStatus;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** 401 and 403 as problem details; a consultant not yet approved learns why, not just "forbidden". */
class ProblemSecurityHandlers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private final ProblemWriter writer;
    private final List<PathPattern> adminPaths;

    ProblemSecurityHandlers(ProblemWriter writer, List<String> adminPaths) {
        this.writer = writer;
        this.adminPaths = adminPaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException error) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                "A valid bearer token is required");
        problem.setTitle("Unauthorized");
        exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
        return writer.write(exchange, problem);
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return exchange.getPrincipal()
                .filter(CallerAuthentication.class::isInstance)
                .map(principal -> forbidden(((CallerAuthentication) principal).caller(), exchange))
                .defaultIfEmpty(problem("Forbidden", "You may not access this resource"))
                .flatMap(problem -> writer.write(exchange, problem));
    }

    private ProblemDetail forbidden(Caller caller, ServerWebExchange exchange) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        if (caller.isConsultant() && adminPaths.stream().anyMatch(pattern -> pattern.matches(path))) {
            return problem("Admin token required", "Consultant tokens cannot be used for admin APIs");
        }
        if (caller.isAdmin() && adminPaths.stream().anyMatch(pattern -> pattern.matches(path))
                || caller.isAdmin() && path.value().startsWith("/actuator/")) {
            return problem("Second factor required",
                    "Admin APIs need a login with an authentication code: enrol a second factor, then log in again with a code");
        }
        if (caller.isAdmin()) {
            return problem("Consultant token required", "Admin tokens cannot be used for consultant APIs");
        }
        if (caller.approval() != ApprovalStatus.APPROVED) {
            return switch (caller.approval()) {
                case PENDING_APPROVAL -> problem("Pending approval", "Your account is pending approval by an admin");
                case SUSPENDED -> problem("Account suspended", "Your account is suspended");
                case REJECTED -> problem("Account rejected", "Your account application was rejected");
                case APPROVED -> problem("Forbidden", "You may not access this resource");
            };
        }
        return problem("Admin token required", "Consultant tokens cannot be used for admin APIs");
    }

    private static ProblemDetail problem(String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail);
        problem.setTitle(title);
        return problem;
    }
}
