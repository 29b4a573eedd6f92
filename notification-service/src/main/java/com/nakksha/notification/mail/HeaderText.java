package com.nakksha.notification.mail;

/**
 * Text that ends up in a mail header (subject, display names). Names and notes come from users, so
 * CR, LF and every other control character become a space: no user can add a header or a body.
 */
public final class HeaderText {

    /** Longer display names and subjects are cut; RFC 5322 recommends lines under 78 characters. */
    static final int MAX_LENGTH = 200;

    private HeaderText() {
    }

    public static String clean(String value) {
        if (value == null) {
            return "";
        }
        String flat = value.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]", " ").replaceAll(" {2,}", " ").strip();
        return flat.length() > MAX_LENGTH ? flat.substring(0, MAX_LENGTH) : flat;
    }
}
