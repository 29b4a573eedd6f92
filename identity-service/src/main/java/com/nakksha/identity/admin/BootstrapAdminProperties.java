package com.nakksha.identity.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first admin, created at startup when no admin has this email yet; nothing happens when the
 * email is blank.
 */
@ConfigurationProperties("nakksha.identity.bootstrap-admin")
public record BootstrapAdminProperties(String email, String password, @DefaultValue("Platform Admin") String fullName) {

    @Override
    public String toString() {
        return "BootstrapAdminProperties[email=" + email + "]";
    }
}
