package com.nakksha.identity.token;

import java.util.List;
import java.util.UUID;

import com.nakksha.defaults.security.ApprovalStatus;
import com.nakksha.defaults.security.Role;
import com.nakksha.defaults.security.SecurityProperties;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import reactor.core.publisher.Flux;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * identity-service checks tokens against its own key store instead of fetching its own JWKS over
 * HTTP; the rules are the platform's: RS256 only (no {@code none}, no HMAC with the public key),
 * a known {@code kid}, issuer, a required expiry, and claims that fit the audience.
 */
@Configuration(proxyBeanMethods = false)
class IdentityTokenDecoderConfiguration {

    @Bean
    ReactiveJwtDecoder jwtDecoder(SigningKeys signingKeys, SecurityProperties security) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
                .withJwkSource(jwt -> jwt.getHeader().getKeyID() == null ? Flux.empty() : signingKeys.publishedKey(jwt.getHeader().getKeyID()))
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .jwtProcessorCustomizer(processor -> processor.setJWSTypeVerifier(
                        new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null)))
                .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(security.issuer()), new AudienceMatchesRole()));
        return decoder;
    }

    /** Same rule the platform's resource servers apply: one audience, matching the role; approval for consultants. */
    static final class AudienceMatchesRole implements OAuth2TokenValidator<Jwt> {

        @Override
        public OAuth2TokenValidatorResult validate(Jwt jwt) {
            try {
                UUID.fromString(jwt.getSubject());
                Role role = Role.valueOf(jwt.getClaimAsString("role"));
                List<String> audience = jwt.getAudience();
                if (audience == null || audience.size() != 1 || !audience.contains(role.audience())) {
                    return invalid("audience does not match role");
                }
                if (jwt.getExpiresAt() == null || jwt.getIssuedAt() == null) {
                    return invalid("exp and iat are required");
                }
                if (role == Role.CONSULTANT) {
                    ApprovalStatus.valueOf(jwt.getClaimAsString("approval"));
                }
                return OAuth2TokenValidatorResult.success();
            } catch (IllegalArgumentException | NullPointerException e) {
                return invalid("claims are not valid");
            }
        }

        private static OAuth2TokenValidatorResult invalid(String description) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
        }
    }
}
