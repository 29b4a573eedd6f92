package com.nakksha.identity.profile;

import java.util.Locale;
import java.util.regex.Pattern;

import com.nakksha.identity.consultant.InvalidProfileValue;

/** Indian Financial System Code: four bank letters, a zero, six branch characters (RBI format). */
public record Ifsc(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Z]{4}0[A-Z0-9]{6}");

    public Ifsc {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidProfileValue("must be an IFSC: 4 letters, 0, then 6 letters or digits (e.g. HDFC0001234)");
        }
    }

    public static Ifsc parse(String raw) {
        if (raw == null) {
            throw new InvalidProfileValue("must not be empty");
        }
        return new Ifsc(raw.strip().toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return value;
    }
}
