package com.nakksha.defaults.security;

import java.util.List;

import com.nakksha.edge.token.AccessTokenClaims;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token validation and which paths need which caller.
 *
 * @param jwksUri identity-service's JWKS endpoint; keys are fetched on first use and again for an unknown {@code kid}
 * @param issuer the {@code iss} every token must carry
 * @param publicPaths path patterns served without a token
 * @param adminPaths path patterns that need an admin token
 * @param approvalExemptPaths consultant path patterns open before an admin approved the account (profile, settings)
 * @param secondFactorEnrolmentPaths admin path patterns open to an admin token without a second factor
 *        (enrolling one); every other admin path needs {@code mfa} in the token's {@code amr}
 */
@ConfigurationProperties("nakksha.security")
public record SecurityProperties(
        @DefaultValue("http://localhost:8081/.well-known/jwks.json") String jwksUri,
        @DefaultValue(AccessTokenClaims.DEFAULT_ISSUER) String issuer,
        @DefaultValue({}) List<String> publicPaths,
        @DefaultValue("/api/v1/admin/**") List<String> adminPaths,
        @DefaultValue({}) List<String> approvalExemptPaths,
        @DefaultValue({}) List<String> secondFactorEnrolmentPaths) {
}
