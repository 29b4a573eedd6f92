package com.nakksha.defaults.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A validated token turned into a {@link Caller}, with authorities for the role, the approval state
 * and, for admins who logged in with a second factor, {@link #ADMIN_MULTI_FACTOR}.
 */
public class CallerAuthentication extends JwtAuthenticationToken {

    /** Held by admin tokens whose {@code amr} names a second factor; admin APIs need it. */
    public static final String ADMIN_MULTI_FACTOR = "ADMIN_MULTI_FACTOR";

    private final Caller caller;

    CallerAuthentication(Jwt jwt, Caller caller, boolean multiFactor) {
        super(jwt, authorities(caller, multiFactor), caller.id().toString());
        this.caller = caller;
    }

    public Caller caller() {
        return caller;
    }

    private static Collection<GrantedAuthority> authorities(Caller caller, boolean multiFactor) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_" + caller.role().name()));
        if (caller.isAdmin() && multiFactor) {
            authorities.add(new SimpleGrantedAuthority(ADMIN_MULTI_FACTOR));
        }
        if (caller.approval() != null) {
            authorities.add(new SimpleGrantedAuthority("APPROVAL_" + caller.approval().name()));
        }
        return authorities;
    }
}
