package com.nakksha.gateway.deadline;

import java.util.concurrent.TimeoutException;

import com.nakksha.edge.problem.ProblemWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClientResponse;

/**
 * Every request the gateway takes ends within {@link AnswerDeadlineProperties#answerWithin()}: one that
 * has not been answered by then is cut off (the work on it is cancelled, the service's connection
 * with it) and answered with a 504 problem, or, when its answer had already begun, its connection is
 * closed, so the client learns at once instead of waiting for its own timeout. Each such request is
 * logged with its route and counted in {@code nakksha_gateway_requests_cut_off_total{route,answer_begun}}:
 * it means a route's own limits let a request hang, which is a defect to find (a client once waited 30 s
 * for a slot list under load with nothing logged).
 */
@Component
public class AnswerDeadlineFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(AnswerDeadlineFilter.class);
    static final String CUT_OFF = "nakksha.gateway.requests.cut.off";
    /** The route of a request cut off before the gateway chose one (held up in a filter that runs first). */
    private static final String NO_ROUTE = "none";

    private final AnswerDeadlineProperties properties;
    private final ProblemWriter problems;
    private final MeterRegistry meters;

    public AnswerDeadlineFilter(AnswerDeadlineProperties properties, ProblemWriter problems, MeterRegistry meters) {
        this.properties = properties;
        this.problems = problems;
        this.meters = meters;
        // At zero from start-up, so the alert and the dashboard tell "none cut off" from "no such meter".
        cutOffCounter(NO_ROUTE, false);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long arrived = System.nanoTime();
        return chain.filter(exchange).timeout(properties.answerWithin(), Mono.defer(() -> cutOff(exchange, arrived)));
    }

    private Mono<Void> cutOff(ServerWebExchange exchange, long arrived) {
        boolean answerBegun = exchange.getResponse().isCommitted();
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String routeId = route == null ? NO_ROUTE : route.getId();
        cutOffCounter(routeId, answerBegun).increment();
        log.error("{} {} (route {}) not answered after {} ms{}, {}; cut off", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath().value(), routeId, (System.nanoTime() - arrived) / 1_000_000,
                answerBegun ? " although its answer had begun" : "", reached(exchange));
        if (answerBegun) {
            // Nothing can be said on a response already under way; an error makes the server close the connection.
            return Mono.error(new TimeoutException("answer not completed within " + properties.answerWithin()));
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.GATEWAY_TIMEOUT,
                "No answer within " + properties.answerWithin().toSeconds() + " s; please try again.");
        problem.setTitle("Gateway timeout");
        return problems.write(exchange, problem);
    }

    /**
     * How far the request got, so that a cut-off says where it was held: the rate limiter's decision (its
     * headers), the call to the service, the service's status line.
     */
    static String reached(ServerWebExchange exchange) {
        if (exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) instanceof HttpClientResponse response) {
            return "the service answered " + response.status().code() + ", its body not passed on in full";
        }
        if (ServerWebExchangeUtils.isAlreadyRouted(exchange)) {
            return "sent to the service, no answer from it";
        }
        if (exchange.getResponse().getHeaders().containsHeader(RedisRateLimiter.REMAINING_HEADER)) {
            return "let through by the rate limiter, not sent to the service";
        }
        return exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR) == null
                ? "not routed" : "routed, no rate-limit decision, not sent to the service";
    }

    private Counter cutOffCounter(String routeId, boolean answerBegun) {
        return Counter.builder(CUT_OFF)
                .description("Requests the gateway ended because they were not answered within nakksha.gateway.deadline.answer-within")
                .tag("route", routeId)
                .tag("answer_begun", Boolean.toString(answerBegun))
                .register(meters);
    }

    @Override
    public int getOrder() {
        // Outside every other filter, so that whatever holds the request up is covered.
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
