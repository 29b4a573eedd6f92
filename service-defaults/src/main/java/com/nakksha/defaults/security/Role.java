package com.nakksha.defaults.security;

/** Who a token was issued to; consultant and admin tokens have different audiences and cannot stand in for each other. */
public enum Role {
    CONSULTANT("nakksha-consultant"),
    ADMIN("nakksha-admin");

    private final String audience;

    Role(String audience) {
        this.audience = audience;
    }

    public String audience() {
        return audience;
    }
}
