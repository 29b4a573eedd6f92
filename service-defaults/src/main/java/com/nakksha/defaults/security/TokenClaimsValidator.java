package com.nakksha.defaults.security;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;

/**
 * Accepts only tokens that carry an expiry and an issue time and whose subject, role, audience and
 * approval claims fit together. Spring's default validators check {@code exp} only when present.
 */
public class TokenClaimsValidator implements OAuth2TokenValidator<Jwt> {

    /** Everything a platform token must satisfy: timestamps, issuer and these claims. */
    public static OAuth2TokenValidator<Jwt> platformValidator(String issuer) {
        return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer), new TokenClaimsValidator());
    }

    /**
     * Spring's claim converter makes up {@code iat} from {@code exp} when a token has none; this one
     * leaves it out, so the validator refuses such a token instead of accepting an invented claim.
     */
    public static Converter<Map<String, Object>, Map<String, Object>> claimSetConverter() {
        Converter<Map<String, Object>, Map<String, Object>> defaults = MappedJwtClaimSetConverter.withDefaults(Map.of());
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

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        if (jwt.getExpiresAt() == null || jwt.getIssuedAt() == null) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "Token must carry exp and iat", null));
        }
        try {
            toCaller(jwt);
            return OAuth2TokenValidatorResult.success();
        } catch (IllegalArgumentException | NullPointerException e) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "Token claims are not valid: " + e.getMessage(), null));
        }
    }

    public static Caller toCaller(Jwt jwt) {
        UUID id = UUID.fromString(jwt.getSubject());
        Role role = Role.valueOf(jwt.getClaimAsString("role"));
        List<String> audience = jwt.getAudience();
        if (audience == null || !audience.contains(role.audience())) {
            throw new IllegalArgumentException("audience does not match role " + role);
        }
        for (Role other : Role.values()) {
            if (other != role && audience.contains(other.audience())) {
                throw new IllegalArgumentException("token is for more than one audience");
            }
        }
        ApprovalStatus approval = null;
        if (role == Role.CONSULTANT) {
            approval = ApprovalStatus.valueOf(jwt.getClaimAsString("approval"));
        }
        return new Caller(id, role, approval);
    }
}
