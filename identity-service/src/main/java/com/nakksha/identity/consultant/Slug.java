package com.nakksha.identity.consultant;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The path segment of a consultant's public booking page ({@code /{slug}}). Lower-case letters,
 * digits and single hyphens; words the web app or the API use at the top level are reserved so a
 * consultant page can never shadow them.
 */
public record Slug(String value) {

    public static final int MIN_LENGTH = 3;
    public static final int MAX_LENGTH = 60;

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final String SHORT_NAME_SUFFIX = "consultant";
    private static final String NAMELESS = "consultant-page";

    static final Set<String> RESERVED = Set.of(
            "about", "account", "accounts", "actuator", "admin", "administrator", "admins", "analytics", "api",
            "app", "apps", "assets", "auth", "billing", "blog", "book", "booking", "bookings", "callback",
            "careers", "checkout", "client", "clients", "consultant", "consultants", "contact", "cookies",
            "dashboard", "docs", "email", "faq", "favicon", "features", "forgot-password", "gateway", "health",
            "help", "home", "identity", "index", "jobs", "legal", "login", "login-link", "logout", "mail", "me", "nakksha",
            "notifications", "null", "oauth", "payment", "payments", "press", "pricing", "privacy", "profile",
            "public", "quotation", "quotations", "register", "reset-password", "robots", "root", "security",
            "session", "sessions", "settings", "signin", "signup", "sitemap", "static", "status", "support",
            "swagger", "swagger-ui", "system", "terms", "undefined", "v1", "v2", "v3", "verify-email",
            "webhook", "webhooks", "well-known", "www");

    public Slug {
        if (value == null || value.length() < MIN_LENGTH || value.length() > MAX_LENGTH || !FORMAT.matcher(value).matches()) {
            throw new InvalidProfileValue("must be " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " lower-case letters, digits or single hyphens, not starting or ending with a hyphen");
        }
        if (RESERVED.contains(value)) {
            throw new InvalidProfileValue("is reserved");
        }
    }

    /** A slug a consultant typed in; case and surrounding blanks are forgiven, nothing else. */
    public static Slug parse(String requested) {
        if (requested == null) {
            throw new InvalidProfileValue("must not be empty");
        }
        return new Slug(requested.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * A readable slug made from the name: accents dropped, everything else that is not a letter or
     * digit turned into hyphens. Names that leave too little (for example non-Latin scripts) or a
     * reserved word get a neutral fallback; uniqueness is the caller's job ({@link #withSuffix}).
     */
    public static Slug fromName(String firstName, String lastName) {
        String joined = (nullToEmpty(firstName) + " " + nullToEmpty(lastName));
        String ascii = Normalizer.normalize(joined, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_LENGTH - 8) {
            slug = slug.substring(0, MAX_LENGTH - 8).replaceAll("-+$", "");
        }
        if (slug.length() < MIN_LENGTH) {
            slug = slug.isEmpty() ? NAMELESS : slug + "-" + SHORT_NAME_SUFFIX;
        }
        if (RESERVED.contains(slug)) {
            slug = slug + "-" + SHORT_NAME_SUFFIX;
        }
        return new Slug(slug);
    }

    /** The n-th alternative when the slug is taken: {@code name-2}, {@code name-3}, ... */
    public Slug withSuffix(int n) {
        String suffix = "-" + n;
        String base = value.length() + suffix.length() > MAX_LENGTH
                ? value.substring(0, MAX_LENGTH - suffix.length()).replaceAll("-+$", "")
                : value;
        return new Slug(base + suffix);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public String toString() {
        return value;
    }
}
