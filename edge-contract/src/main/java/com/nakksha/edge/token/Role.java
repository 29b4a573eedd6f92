package com.nakksha.edge.token;

/**
 * Who an access token was issued to, carried in the {@link AccessTokenClaims#ROLE} claim. Each role has
 * its own audience ({@code aud}), so a consultant token and an admin token cannot stand in for each other.
 */
public enum Role {
    CONSULTANT("nakksha-consultant"),
    ADMIN("nakksha-admin");

    private final String audience;

    Role(String audience) {
        this.audience = audience;
    }

    /** The {@code aud} value of this role's tokens. */
    public String audience() {
        return audience;
    }
}
