package com.nakksha.gateway.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * How the gateway checks bearer tokens before routing (the services check them again).
 *
 * @param jwksUri identity-service's JWKS; keys are fetched on first use and again when a token names an unknown {@code kid}
 * @param issuer the {@code iss} every token must carry
 * @param audiences a token must be for at least one of these ({@code aud}); which audience fits which API the services decide
 */
@ConfigurationProperties("nakksha.gateway.tokens")
public record TokenProperties(
        @DefaultValue("http://localhost:8081/.well-known/jwks.json") String jwksUri,
        @DefaultValue("nakksha-identity") String issuer,
        @DefaultValue({"nakksha-consultant", "nakksha-admin"}) List<String> audiences) {
}
