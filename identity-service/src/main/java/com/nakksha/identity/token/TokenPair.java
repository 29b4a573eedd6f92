package com.nakksha.identity.token;

import java.time.Instant;

/**
 * What a successful login or refresh answers. The refresh token is shown here once and never
 * again; only its hash is kept.
 */
public record TokenPair(String accessToken, String tokenType, long expiresIn, Instant accessTokenExpiresAt,
                        String refreshToken, Instant refreshTokenExpiresAt) {

    @Override
    public String toString() {
        return "TokenPair[accessTokenExpiresAt=" + accessTokenExpiresAt + ", refreshTokenExpiresAt=" + refreshTokenExpiresAt + "]";
    }
}
