package com.nakksha.identity.consultant;

import java.util.regex.Pattern;

/** A phone number as the seed schema keeps it: calling code (default +91) and national number. */
public record PhoneNumber(String countryCode, String number) {

    public static final String DEFAULT_COUNTRY_CODE = "+91";
    private static final Pattern COUNTRY_CODE = Pattern.compile("\\+[1-9][0-9]{0,3}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{4,15}");

    public PhoneNumber {
        if (countryCode == null || !COUNTRY_CODE.matcher(countryCode).matches()) {
            throw new InvalidProfileValue("must be a calling code such as +91");
        }
        if (number == null || !NUMBER.matcher(number).matches()) {
            throw new InvalidProfileValue("must be 4 to 15 digits without the country code");
        }
    }

    public static String parseCountryCode(String raw) {
        String code = raw == null || raw.isBlank() ? DEFAULT_COUNTRY_CODE : raw.strip();
        if (!COUNTRY_CODE.matcher(code).matches()) {
            throw new InvalidProfileValue("must be a calling code such as +91");
        }
        return code;
    }

    /** Digits only: spaces, hyphens and brackets people type are dropped. */
    public static String parseNumber(String raw) {
        String digits = raw == null ? "" : raw.replaceAll("[\\s()-]", "");
        if (!NUMBER.matcher(digits).matches()) {
            throw new InvalidProfileValue("must be 4 to 15 digits without the country code");
        }
        return digits;
    }
}
