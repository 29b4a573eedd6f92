package com.nakksha.edge.token;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Decodes and checks identity-service's access tokens, with the same rules at the gateway, in every
 * service and in identity-service itself: an RS256 signature by a published key (so no {@code none}
 * and no HMAC keyed with the public key), a {@code typ} of {@code JWT} or none, the configured issuer,
 * {@code exp} and {@code iat} both present and {@code exp}/{@code nbf} in force, and
 * {@link AccessTokenClaims} that fit together (role, its one audience, approval for consultants).
 * A refused token fails with a {@link org.springframework.security.oauth2.jwt.BadJwtException}
 * (a {@link org.springframework.security.oauth2.jwt.JwtValidationException} when a claim rule failed),
 * which Spring Security answers with 401.
 */
public final class AccessTokenDecoder implements ReactiveJwtDecoder {

    private final NimbusReactiveJwtDecoder decoder;

    private AccessTokenDecoder(NimbusReactiveJwtDecoder decoder, String issuer) {
        decoder.setClaimSetConverter(withoutInventedIssueTime(MappedJwtClaimSetConverter.withDefaults(Map.of())));
        decoder.setJwtValidator(validator(issuer));
        this.decoder = decoder;
    }

    /**
     * The shortest time between two fetches of the keys: tokens naming an unknown {@code kid} wait for
     * the next fetch instead of each causing one (see {@link RemoteKeys}).
     */
    public static final Duration MINIMUM_KEY_REFETCH_INTERVAL = Duration.ofSeconds(2);

    /**
     * Checks signatures against identity-service's JWKS, fetched on first use and again when a token
     * names an unknown {@code kid}, at most once per {@link #MINIMUM_KEY_REFETCH_INTERVAL}. Keys that
     * cannot be fetched fail the token with an {@link IllegalStateException}.
     *
     * @param jwksUri the JWKS endpoint, e.g. {@code http://localhost:8081/.well-known/jwks.json}
     * @param issuer the {@code iss} every token must carry
     * @param meters where the fetches are counted ({@code nakksha_token_key_fetches_total{outcome}})
     */
    public static AccessTokenDecoder fromJwks(String jwksUri, String issuer, MeterRegistry meters) {
        return fromKeys(new RemoteKeys(URI.create(jwksUri), MINIMUM_KEY_REFETCH_INTERVAL, meters), issuer);
    }

    /**
     * Checks signatures against keys looked up directly, for identity-service, which holds the keys.
     *
     * @param keys the published keys that may have signed the given token (empty when none)
     * @param issuer the {@code iss} every token must carry
     */
    public static AccessTokenDecoder fromKeys(Function<SignedJWT, Flux<JWK>> keys, String issuer) {
        return new AccessTokenDecoder(NimbusReactiveJwtDecoder.withJwkSource(keys)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build(), issuer);
    }

    @Override
    public Mono<Jwt> decode(String token) {
        return decoder.decode(token);
    }

    /** Spring's defaults (type, timestamps, issuer), then the presence of exp and iat and the platform claims. */
    static OAuth2TokenValidator<Jwt> validator(String issuer) {
        return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer), AccessTokenDecoder::platformClaims);
    }

    // Spring's timestamp validator checks exp only when present; a token without a lifetime would never expire.
    private static OAuth2TokenValidatorResult platformClaims(Jwt jwt) {
        if (jwt.getExpiresAt() == null || jwt.getIssuedAt() == null) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "Token must carry exp and iat", null));
        }
        try {
            AccessTokenClaims.read(jwt);
            return OAuth2TokenValidatorResult.success();
        } catch (IllegalArgumentException | NullPointerException e) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "Token claims are not valid: " + e.getMessage(), null));
        }
    }

    /** Spring's converter makes up {@code iat} from {@code exp} when a token has none; such a token must fail instead. */
    private static Converter<Map<String, Object>, Map<String, Object>> withoutInventedIssueTime(
            Converter<Map<String, Object>, Map<String, Object>> defaults) {
        return claims -> {
            Map<String, Object> converted = defaults.convert(claims);
            if (converted == null || claims.containsKey(JwtClaimNames.IAT)) {
                return converted;
            }
            Map<String, Object> withoutIssueTime = new HashMap<>(converted);
            withoutIssueTime.remove(JwtClaimNames.IAT);
            return withoutIssueTime;
        };
    }
}
