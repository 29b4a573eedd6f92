package com.nakksha.identity.consultant;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** An absolute http(s) URL with a host, as shown on a public page; nothing a browser would run. */
public record WebUrl(String value) {

    public static final int MAX_LENGTH = 500;

    public WebUrl {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new InvalidProfileValue("must be an http or https URL of at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new InvalidProfileValue("must be a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new InvalidProfileValue("must start with https:// or http://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty() || uri.getRawUserInfo() != null) {
            throw new InvalidProfileValue("must name a host and no user credentials");
        }
    }

    public static WebUrl parse(String raw) {
        if (raw == null) {
            throw new InvalidProfileValue("must not be empty");
        }
        return new WebUrl(raw.strip());
    }

    @Override
    public String toString() {
        return value;
    }
}
