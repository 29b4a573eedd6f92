package com.nakksha.booking.session;

/**
 * Reads a session version out of an {@code If-Match} header (RFC 9110, 13.1.1). Sessions tag themselves
 * {@code "<version>"}; a weak tag ({@code W/"3"}) names the same version. {@code *} or no header means any
 * version (simple clients keep working). A tag that cannot be one of ours can match no version.
 */
public final class EntityTags {

    /** What no stored version equals, so a foreign tag fails the comparison (412), as RFC 9110 wants. */
    private static final long NO_VERSION = -1;

    private EntityTags() {
    }

    /** @return the version named, null for any version, {@value #NO_VERSION} for a tag that names none of ours */
    public static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() < 3 || tag.length() > 21 || !tag.startsWith("\"") || !tag.endsWith("\"")) {
            return NO_VERSION;
        }
        try {
            return Long.parseLong(tag.substring(1, tag.length() - 1));
        } catch (NumberFormatException notOurs) {
            return NO_VERSION;
        }
    }
}
