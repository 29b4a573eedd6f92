package com.nakksha.defaults.security;

/** A consultant account's standing, carried in the token so every service can gate dashboards without a call. */
public enum ApprovalStatus {
    PENDING_APPROVAL,
    APPROVED,
    REJECTED,
    SUSPENDED
}
