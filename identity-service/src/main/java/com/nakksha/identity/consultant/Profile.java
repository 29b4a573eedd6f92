package com.nakksha.identity.consultant;


/**
 * What a consultant tells the world about themselves. Everything here may be published (bank
 * details live apart, encrypted, and never enter this record). Nullable fields are optional.
 */
public record Profile(
        String firstName,
        String lastName,
        PhoneNumber phone,
        String consultancySector,
        String description,
        Integer experienceMonths,
        String personalSessionTitle,
        PriceInr personalSessionPrice,
        String webinarSessionTitle,
        PriceInr webinarSessionPrice,
        WebUrl instagramUrl,
        WebUrl linkedinUrl,
        WebUrl twitterUrl,
        WebUrl profilePhotoUrl,
        TimeZoneId timezone,
        Slug slug) {

    public Profile {
        if (firstName == null || firstName.isBlank() || lastName == null || lastName.isBlank()) {
            throw new IllegalArgumentException("first and last name are required");
        }
        if (phone == null || timezone == null || slug == null) {
            throw new IllegalArgumentException("phone, timezone and slug are required");
        }
        if (experienceMonths != null && experienceMonths < 0) {
            throw new IllegalArgumentException("experience must not be negative");
        }
    }

    /** The profile a consultant starts with at signup: names, phone, default zone, slug from the name. */
    public static Profile initial(String firstName, String lastName, PhoneNumber phone, Slug slug) {
        return new Profile(firstName, lastName, phone, null, null, null, null, null, null, null,
                null, null, null, null, TimeZoneId.DEFAULT, slug);
    }
}
