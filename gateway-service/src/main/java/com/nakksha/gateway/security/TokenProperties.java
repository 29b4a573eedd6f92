package com.nakksha.gateway.security;

import com.nakksha.edge.token.AccessTokenClaims;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway checks bearer tokens before routing (the services check them again).
 *
 * @param jwksUri identity-service's JWKS; keys are fetched on first use and again when a token names an unknown {@code kid}
 * @param issuer the {@code iss} every token must carry
 */
@ConfigurationProperties("nakksha.gateway.tokens")
public record TokenProperties(
        @DefaultValue("http://localhost:8081/.well-known/jwks.json") String jwksUri,
        @DefaultValue(AccessTokenClaims.DEFAULT_ISSUER) String issuer) {
}
