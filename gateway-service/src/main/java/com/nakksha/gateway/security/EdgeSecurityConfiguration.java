package com.nakksha.gateway.security;

import com.nakksha.gateway.cors.CorsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The edge check: every route except the public ones needs a valid identity-service token. Only the
 * signature, issuer, audience and lifetime are checked here; which caller may use which API (admin or
 * consultant, the approval gate) is decided once, in the services.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class EdgeSecurityConfiguration {

    /** Reachable without a token: sign-in, public booking pages, keys, Razorpay (signed), probes and API docs. */
    static final String[] PUBLIC_PATHS = {
            "/api/v1/auth/**", "/api/v1/public/**", "/.well-known/jwks.json", "/api/v1/webhooks/razorpay/**",
            "/health/**", "/actuator/health", "/actuator/health/**", "/actuator/prometheus",
            "/swagger-ui.html", "/swagger-ui/**", "/webjars/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**"};

    @Bean
    ReactiveJwtDecoder jwtDecoder(TokenProperties tokens) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(tokens.jwksUri())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setClaimSetConverter(withoutInventedIssueTime(MappedJwtClaimSetConverter.withDefaults(Map.of())));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(tokens.issuer()),
                // Spring checks exp only when present; a token without a lifetime would never expire.
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtClaimValidator<Instant>(JwtClaimNames.IAT, Objects::nonNull),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        audience -> audience != null && audience.stream().anyMatch(tokens.audiences()::contains))));
        // Unreachable keys surface as IllegalStateException; as a JwtException they become a 503, not a 500.
        return token -> decoder.decode(token)
                .onErrorMap(error -> !(error instanceof JwtException), error -> new JwtException("Signing keys unavailable", error));
    }

    /** Spring's converter makes up {@code iat} from {@code exp} when a token has none; such a token must fail instead. */
    private static Converter<Map<String, Object>, Map<String, Object>> withoutInventedIssueTime(
            Converter<Map<String, Object>, Map<String, Object>> defaults) {
        return claims -> {
            Map<String, Object> converted = defaults.convert(claims);
            if (claims.containsKey(JwtClaimNames.IAT) || converted == null) {
                return converted;
            }
            Map<String, Object> withoutIssueTime = new HashMap<>(converted);
            withoutIssueTime.remove(JwtClaimNames.IAT);
            return withoutIssueTime;
        };
    }

    @Bean
    SecurityWebFilterChain edgeSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
            TokenProblemHandlers problems, CorsProperties cors) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                // SecurityHeadersFilter writes them on every response, including those answered before this chain.
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .cors(spec -> spec.configurationSource(corsSource(cors)))
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(PUBLIC_PATHS).permitAll()
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

    private static UrlBasedCorsConfigurationSource corsSource(CorsProperties cors) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(cors.allowedOrigins());
        configuration.setAllowedMethods(cors.allowedMethods());
        configuration.setAllowedHeaders(cors.allowedHeaders());
        configuration.setExposedHeaders(cors.exposedHeaders());
        // Bearer tokens travel in a header, never in cookies.
        configuration.setAllowCredentials(false);
        configuration.setMaxAge(cors.maxAge());
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", configuration);
        return source;
    }
}
