package com.nakksha.defaults.security;

import java.util.UUID;

import com.nakksha.edge.token.AccessTokenClaims;
import com.nakksha.edge.token.ApprovalStatus;
import com.nakksha.edge.token.Role;

/**
 * The authenticated account behind a request. For consultants {@code id} is the consultant id that
 * scopes every read and write; {@code approval} is null for admins.
 */
public record Caller(UUID id, Role role, ApprovalStatus approval) {

    /** The caller a validated token names. */
    public static Caller of(AccessTokenClaims claims) {
        return new Caller(claims.subject(), claims.role(), claims.approval());
    }

    public boolean isConsultant() {
        return role == Role.CONSULTANT;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** The tenant id of a consultant caller. */
    public UUID consultantId() {
        if (!isConsultant()) {
            throw new IllegalStateException("caller is not a consultant");
        }
        return id;
    }
}
