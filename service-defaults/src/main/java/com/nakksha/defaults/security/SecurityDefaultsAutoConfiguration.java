package com.nakksha.defaults.security;

import java.util.List;

import com.nakksha.defaults.problem.WebDefaultsAutoConfiguration;
import com.nakksha.edge.problem.FirewallProblems;
import com.nakksha.edge.problem.ProblemWriter;
import com.nakksha.edge.token.AccessTokenClaims;
import com.nakksha.edge.token.AccessTokenDecoder;
import com.nakksha.edge.token.ApprovalStatus;
import com.nakksha.edge.token.Role;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.server.WebFilter;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * Every service is a JWT resource server validating identity-service's RS256 tokens. Consultant
 * paths need an approved consultant (the approval gate lives here, once, read from the token claim);
 * admin paths need an admin token from a login with a second factor ({@code amr} holds {@code mfa}),
 * except the paths where an admin enrols that factor, which any admin token opens.
 */
@AutoConfiguration(after = WebDefaultsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableWebFluxSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityDefaultsAutoConfiguration {

    private static final String[] INFRASTRUCTURE_PATHS = {
            "/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info",
            "/v3/api-docs", "/v3/api-docs/**"};
    // Operator commands that change data (un-parking outbox rows) are for admins only.
    private static final String[] OPERATOR_PATHS = {"/actuator/outbox", "/actuator/outbox/**"};

    /**
     * Spring Security's own observations are off: without this bean it times and traces every filter of the chain,
     * every authentication and every authorization; nothing reads them (the HTTP server observation times each
     * request), and they were 5-6 % of booking-service's and the gateway's CPU samples under load (issue 15).
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @ConditionalOnMissingBean
    ReactiveJwtDecoder jwtDecoder(SecurityProperties properties, ObjectProvider<MeterRegistry> meters) {
        // Slice tests without metrics still get a decoder.
        return AccessTokenDecoder.fromJwks(properties.jwksUri(), properties.issuer(), meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * The URL firewall's refusals (encoded {@code %}, {@code /}, {@code \\} or NUL in the path, {@code //}) as a
     * 400 problem naming what was refused, not its empty 400; the security chain picks the handler up as a bean.
     */
    @Bean
    @ConditionalOnMissingBean(ServerExchangeRejectedHandler.class)
    FirewallProblems firewallProblems(ProblemWriter problems) {
        return new FirewallProblems(problems);
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityWebFilterChain nakkshaSecurityWebFilterChain(ServerHttpSecurity http, SecurityProperties properties,
            ReactiveJwtDecoder decoder, ProblemWriter problems) {
        ProblemSecurityHandlers handlers = new ProblemSecurityHandlers(problems, properties.adminPaths());
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // The default request cache opened an HTTP session on every request; nothing here redirects to a login.
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .headers(headers -> headers.cache(cache -> cache.disable()))
                .authorizeExchange(exchanges -> {
                    exchanges.pathMatchers(INFRASTRUCTURE_PATHS).permitAll();
                    exchanges.pathMatchers(OPERATOR_PATHS).hasAuthority(CallerAuthentication.ADMIN_MULTI_FACTOR);
                    if (!properties.publicPaths().isEmpty()) {
                        exchanges.pathMatchers(array(properties.publicPaths())).permitAll();
                    }
                    if (!properties.secondFactorEnrolmentPaths().isEmpty()) {
                        exchanges.pathMatchers(array(properties.secondFactorEnrolmentPaths())).hasRole(Role.ADMIN.name());
                    }
                    if (!properties.adminPaths().isEmpty()) {
                        exchanges.pathMatchers(array(properties.adminPaths())).hasAuthority(CallerAuthentication.ADMIN_MULTI_FACTOR);
                    }
                    if (!properties.approvalExemptPaths().isEmpty()) {
                        exchanges.pathMatchers(array(properties.approvalExemptPaths())).hasRole(Role.CONSULTANT.name());
                    }
                    exchanges.anyExchange().access(approvedConsultant());
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtDecoder(decoder)
                                .jwtAuthenticationConverter(token -> {
                                    AccessTokenClaims claims = AccessTokenClaims.read(token);
                                    return Mono.just(new CallerAuthentication(token, Caller.of(claims), claims.multiFactor()));
                                }))
                        .authenticationEntryPoint(handlers)
                        .accessDeniedHandler(handlers))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
                .build();
    }

    /**
     * {@code Cache-Control: no-store} on every answer to a request with a bearer token, unless the
     * handler chose a cache policy itself: such answers are personal data or depend on who asks.
     */
    @Bean
    WebFilter authenticatedResponsesNotStored() {
        return (exchange, chain) -> {
            if (exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
                exchange.getResponse().beforeCommit(() -> {
                    HttpHeaders headers = exchange.getResponse().getHeaders();
                    if (!headers.containsHeader(HttpHeaders.CACHE_CONTROL)) {
                        headers.setCacheControl(CacheControl.noStore());
                    }
                    return Mono.empty();
                });
            }
            return chain.filter(exchange);
        };
    }

    @Bean
    WebFluxConfigurer callerArgumentConfigurer() {
        return new WebFluxConfigurer() {
            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(new CallerArgumentResolver());
            }
        };
    }

    private static ReactiveAuthorizationManager<AuthorizationContext> approvedConsultant() {
        return (authentication, context) -> authentication
                .filter(Authentication::isAuthenticated)
                .filter(CallerAuthentication.class::isInstance)
                .map(auth -> {
                    Caller caller = ((CallerAuthentication) auth).caller();
                    return (AuthorizationResult) new AuthorizationDecision(caller.isConsultant() && caller.approval() == ApprovalStatus.APPROVED);
                })
                .defaultIfEmpty(new AuthorizationDecision(false));
    }

    private static String[] array(List<String> paths) {
        return paths.toArray(String[]::new);
    }
}
