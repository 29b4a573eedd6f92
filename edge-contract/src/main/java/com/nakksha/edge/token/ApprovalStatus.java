package com.nakksha.edge.token;

/**
 * A consultant account's standing, carried in the {@link AccessTokenClaims#APPROVAL} claim so every
 * service can gate dashboards without a call to identity-service.
 */
public enum ApprovalStatus {
    PENDING_APPROVAL,
    APPROVED,
    REJECTED,
    SUSPENDED
}
