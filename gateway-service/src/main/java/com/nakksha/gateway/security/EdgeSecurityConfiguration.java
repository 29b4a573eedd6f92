package com.nakksha.gateway.security;

import com.nakksha.edge.session.NoHttpSessions;
import com.nakksha.edge.token.AccessTokenDecoder;
import com.nakksha.gateway.ratelimit.RefusedTokenLimit;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.WebSessionManager;

/**
 * The edge check: every route except the public ones needs a valid identity-service token, checked by
 * the platform's {@link AccessTokenDecoder} (signature, issuer, lifetime, claims that fit together).
 * Which caller may use which API (admin or consultant, the approval gate) is decided once, in the services.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class EdgeSecurityConfiguration {

    /**
     * Reachable without a token: sign-in, public booking pages, keys, the services' readiness and API docs.
     * The gateway's own actuator is not here: it listens on the management port only.
     */
    static final String[] PUBLIC_PATHS = {
            "/api/v1/auth/**", "/api/v1/public/**", "/.well-known/jwks.json", "/health/**",
            "/swagger-ui.html", "/swagger-ui/**", "/webjars/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**"};

    /**
     * POSTs reachable without a token, as exact paths: Razorpay's webhooks (signed with the webhook secret)
     * and the client's checkout (authorised by the payment capability from the booking answer). The rest of
     * {@code /api/v1/payments/**} is the consultant's and admin's dashboard and needs a token.
     */
    static final String[] PUBLIC_PAYMENT_PATHS = {
            "/api/v1/payments/webhooks/razorpay", "/api/v1/payments/orders", "/api/v1/payments/verify"};

    /** Resend's delivery webhooks to notification-service, signed with the webhook secret; an exact POST path. */
    static final String[] PUBLIC_NOTIFICATION_PATHS = {"/api/v1/notifications/webhooks/resend"};

    /** The gateway is stateless like every service ({@link NoHttpSessions}); this replaces Boot's in-memory store. */
    @Bean(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
    WebSessionManager webSessionManager() {
        return new NoHttpSessions();
    }

    /**
     * Spring Security's own observations are off, as in every service (service-defaults'
     * SecurityDefaultsAutoConfiguration): a timer and span per filter, authentication and authorization that nothing
     * reads, 6 % of the gateway's CPU samples under load (issue 15).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(TokenProperties tokens, MeterRegistry meters) {
        AccessTokenDecoder decoder = AccessTokenDecoder.fromJwks(tokens.jwksUri(), tokens.issuer(), meters);
        // Unreachable keys surface as IllegalStateException; as a JwtException they become a 503, not a 500.
        return token -> decoder.decode(token)
                .onErrorMap(error -> !(error instanceof JwtException), error -> new JwtException("Signing keys unavailable", error));
    }

    @Bean
    SecurityWebFilterChain edgeSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
            TokenProblemHandlers problems, RefusedTokenLimit refusedTokens, ManagementPort managementPort) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                // SecurityHeadersFilter writes them on every response, including those answered before this chain.
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                // CorsFilter answers CORS before this chain, refusals as problem details.
                .cors(ServerHttpSecurity.CorsSpec::disable)
                .addFilterBefore(refusedTokensFirst(refusedTokens, managementPort), SecurityWebFiltersOrder.AUTHENTICATION)
                .addFilterAfter(acceptedTokensGiveBack(refusedTokens), SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(exchanges -> exchanges
                        .matchers(managementPort).permitAll()
                        .pathMatchers(PUBLIC_PATHS).permitAll()
                        .pathMatchers(HttpMethod.POST, PUBLIC_PAYMENT_PATHS).permitAll()
                        .pathMatchers(HttpMethod.POST, PUBLIC_NOTIFICATION_PATHS).permitAll()
                        // Only the circuit breakers forward here, past this chain.
                        .pathMatchers("/fallback/**").denyAll()
                        .anyExchange().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtDecoder(decoder))
                        .authenticationEntryPoint(problems)
                        .authenticationFailureHandler(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .build();
    }

    /** A request whose token the check accepted gives back the refusal {@link #refusedTokensFirst} reserved for it. */
    private static WebFilter acceptedTokensGiveBack(RefusedTokenLimit refusedTokens) {
        return (exchange, chain) -> ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(authentication -> authentication != null && authentication.isAuthenticated()
                        && !(authentication instanceof AnonymousAuthenticationToken))
                .flatMap(authenticated -> refusedTokens.accepted(exchange))
                .then(chain.filter(exchange));
    }

    /**
     * Requests that will meet the token check (a token presented anywhere, or a path that needs one) first
     * pass the per-address limit on refused tokens.
     */
    private static WebFilter refusedTokensFirst(RefusedTokenLimit refusedTokens, ManagementPort managementPort) {
        ServerWebExchangeMatcher publicWithoutToken = ServerWebExchangeMatchers.matchers(
                managementPort,
                ServerWebExchangeMatchers.pathMatchers(PUBLIC_PATHS),
                ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, PUBLIC_PAYMENT_PATHS),
                ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, PUBLIC_NOTIFICATION_PATHS),
                ServerWebExchangeMatchers.pathMatchers("/fallback/**"));
        return (exchange, chain) -> {
            if (exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
                return refusedTokens.beforeTokenCheck(exchange, chain);
            }
            return publicWithoutToken.matches(exchange).flatMap(match -> match.isMatch()
                    ? chain.filter(exchange)
                    : refusedTokens.beforeTokenCheck(exchange, chain));
        };
    }
}
