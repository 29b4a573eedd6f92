package com.nakksha.edge.token;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The platform's claims in an access token (docs/platform-contracts.md), as identity-service writes
 * them and the gateway and every service read them: {@code sub} is the account id, {@link #ROLE}
 * names a {@link Role} whose audience must be the token's only platform audience, and consultant
 * tokens carry an {@link #APPROVAL}. Admin tokens have no approval. {@link #AMR} says how the login
 * was authenticated (RFC 8176 values); admin APIs need {@link #AMR_MULTI_FACTOR}.
 *
 * @param subject the account id ({@code sub})
 * @param role who the token was issued to
 * @param approval the consultant's standing; null for admins
 * @param amr the authentication methods of the login the token stems from; empty when the token names none
 */
public record AccessTokenClaims(UUID subject, Role role, ApprovalStatus approval, List<String> amr) {

    /** The {@code iss} identity-service signs with unless configured otherwise. */
    public static final String DEFAULT_ISSUER = "nakksha-identity";
    /** Claim holding the {@link Role} name. */
    public static final String ROLE = "role";
    /** Claim holding the {@link ApprovalStatus} name; consultant tokens only. */
    public static final String APPROVAL = "approval";
    /** Claim listing the authentication methods (RFC 8176), e.g. {@code ["pwd", "otp", "mfa"]}. */
    public static final String AMR = "amr";
    /** Password. */
    public static final String AMR_PASSWORD = "pwd";
    /** One-time code from an authenticator app (TOTP). */
    public static final String AMR_ONE_TIME_CODE = "otp";
    /** More than one factor; what admin APIs require. */
    public static final String AMR_MULTI_FACTOR = "mfa";

    /** Claims without authentication methods. */
    public AccessTokenClaims(UUID subject, Role role, ApprovalStatus approval) {
        this(subject, role, approval, List.of());
    }

    /**
     * @throws NullPointerException when subject or role is missing
     * @throws IllegalArgumentException when a consultant has no approval
     */
    public AccessTokenClaims {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
        if (role == Role.CONSULTANT && approval == null) {
            throw new IllegalArgumentException("a consultant token must carry " + APPROVAL);
        }
        if (role != Role.CONSULTANT) {
            approval = null;
        }
        amr = amr == null ? List.of() : List.copyOf(amr);
    }

    /** True when the login behind the token used a second factor. */
    public boolean multiFactor() {
        return amr.contains(AMR_MULTI_FACTOR);
    }

    /**
     * Reads the platform claims of a decoded token.
     *
     * @throws IllegalArgumentException when {@code sub} is not a UUID, {@code role} or {@code approval}
     *         names no known value, a consultant has no approval, or the audience is not exactly the
     *         role's among the platform's audiences
     * @throws NullPointerException when {@code sub} or {@code role} is missing
     */
    public static AccessTokenClaims read(Jwt jwt) {
        UUID subject = UUID.fromString(Objects.requireNonNull(jwt.getSubject(), "sub"));
        Role role = Role.valueOf(Objects.requireNonNull(jwt.getClaimAsString(ROLE), ROLE));
        List<String> audience = jwt.getAudience();
        if (audience == null || !audience.contains(role.audience())) {
            throw new IllegalArgumentException("audience does not match role " + role);
        }
        for (Role other : Role.values()) {
            if (other != role && audience.contains(other.audience())) {
                throw new IllegalArgumentException("token is for more than one audience");
            }
        }
        String approval = jwt.getClaimAsString(APPROVAL);
        List<String> amr = jwt.hasClaim(AMR) ? jwt.getClaimAsStringList(AMR) : List.of();
        return new AccessTokenClaims(subject, role,
                role == Role.CONSULTANT && approval != null ? ApprovalStatus.valueOf(approval) : null, amr);
    }
}
