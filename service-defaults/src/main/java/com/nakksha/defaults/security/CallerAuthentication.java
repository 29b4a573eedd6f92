package com.nakksha.defaults.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** A validated token turned into a {@link Caller}, with authorities for the role and the approval state. */
public class CallerAuthentication extends JwtAuthenticationToken {

    private final Caller caller;

    CallerAuthentication(Jwt jwt, Caller caller) {
        super(jwt, authorities(caller), caller.id().toString());
        this.caller = caller;
    }

    public Caller caller() {
        return caller;
    }

    private static Collection<GrantedAuthority> authorities(Caller caller) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_" + caller.role().name()));
        if (caller.approval() != null) {
            authorities.add(new SimpleGrantedAuthority("APPROVAL_" + caller.approval().name()));
        }
        return authorities;
    }
}
