package com.nakksha.identity.account;

import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A login email in its canonical form: trimmed, Unicode-normalised, lower-cased, domain in ASCII.
 * Two spellings that differ only in case are the same account. Provider-specific rewrites (dots
 * or +tags at Gmail) are not applied: they are different mailboxes elsewhere.
 */
public record EmailAddress(String value) {

    private static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_LENGTH = 64;
    private static final Pattern LOCAL_PART = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

    public EmailAddress {
        if (value == null || !value.equals(canonical(value))) {
            throw new InvalidEmailAddress();
        }
    }

    public static EmailAddress parse(String raw) {
        if (raw == null) {
            throw new InvalidEmailAddress();
        }
        return new EmailAddress(canonical(raw));
    }

    private static String canonical(String raw) {
        String candidate = Normalizer.normalize(raw.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        int at = candidate.lastIndexOf('@');
        if (at <= 0 || at == candidate.length() - 1 || candidate.indexOf('@') != at) {
            throw new InvalidEmailAddress();
        }
        String local = candidate.substring(0, at);
        String domain;
        try {
            domain = IDN.toASCII(candidate.substring(at + 1), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidEmailAddress();
        }
        if (local.length() > MAX_LOCAL_LENGTH || !LOCAL_PART.matcher(local).matches() || !DOMAIN.matcher(domain).matches()) {
            throw new InvalidEmailAddress();
        }
        String result = local + "@" + domain;
        if (result.length() > MAX_LENGTH) {
            throw new InvalidEmailAddress();
        }
        return result;
    }

    @Override
    public String toString() {
        return value;
    }

    public static final class InvalidEmailAddress extends IllegalArgumentException {
        public InvalidEmailAddress() {
            super("is not a valid email address");
        }
    }
}
