package com.nakksha.defaults.input;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.InvalidInputException.Violation;

/**
 * Refuses a request whose decoded query parameters (names and values) or path segments hold a
 * control character, NUL included ({@link InputRules}; parameters are single-line), before any
 * handler runs; and a blank value among repeated values of one parameter. Answered as a 400 problem naming each parameter, or {@code path}.
 */
public class RequestTextFilter implements WebFilter, Ordered {

    /** Right after the request id filter, so the problem carries the request's id. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        List<Violation> violations = new ArrayList<>();
        for (Map.Entry<String, List<String>> parameter : exchange.getRequest().getQueryParams().entrySet()) {
            String name = parameter.getKey();
            String problem = InputRules.textProblem(name, false);
            for (String value : parameter.getValue()) {
                if (problem == null) {
                    problem = InputRules.textProblem(value, false);
                }
            }
            if (problem == null && parameter.getValue().size() > 1 && parameter.getValue().stream().anyMatch(String::isBlank)) {
                // Spring binds a blank among repeated values as a null list element.
                problem = ListParameterBinding.ListEditor.BLANK;
            }
            if (problem != null) {
                violations.add(new Violation(InputRules.textProblem(name, false) == null ? name : "query", problem));
            }
        }
        for (PathContainer.Element element : exchange.getRequest().getPath().pathWithinApplication().elements()) {
            if (element instanceof PathContainer.PathSegment segment) {
                String problem = InputRules.textProblem(segment.valueToMatch(), false);
                if (problem != null) {
                    violations.add(new Violation("path", problem));
                    break;
                }
            }
        }
        return violations.isEmpty() ? chain.filter(exchange) : Mono.error(new InvalidInputException(violations));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
