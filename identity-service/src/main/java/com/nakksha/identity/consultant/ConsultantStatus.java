package com.nakksha.identity.consultant;

/** Where an account stands with the platform; carried in the {@code approval} token claim. */
public enum ConsultantStatus {
    PENDING_APPROVAL,
    APPROVED,
    REJECTED,
    SUSPENDED
}
