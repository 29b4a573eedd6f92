package com.nakksha.identity.token;

/** The two separate kinds of account; their tokens carry different audiences and roles. */
public enum AccountType {
    CONSULTANT("nakksha-consultant"),
    ADMIN("nakksha-admin");

    private final String audience;

    AccountType(String audience) {
        this.audience = audience;
    }

    public String audience() {
        return audience;
    }
}
