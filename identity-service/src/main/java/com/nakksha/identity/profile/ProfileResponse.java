package com.nakksha.identity.profile;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nakksha.identity.consultant.Consultant;
import com.nakksha.identity.consultant.PriceInr;
import com.nakksha.identity.consultant.Profile;
import com.nakksha.identity.consultant.WebUrl;

/**
 * The consultant's own view of the account: everything public, plus standing and masked bank
 * details; {@code notices} is empty except in the answer to a change that dropped a public offer or
 * moved the time zone.
 */
record ProfileResponse(
        UUID id,
        String email,
        boolean emailVerified,
        String status,
        String statusReason,
        String firstName,
        String lastName,
        String phoneCountryCode,
        String phoneNumber,
        String consultancySector,
        String description,
        Integer experienceMonths,
        String personalSessionTitle,
        BigDecimal personalSessionPrice,
        String webinarSessionTitle,
        BigDecimal webinarSessionPrice,
        String currency,
        String instagramUrl,
        String linkedinUrl,
        String twitterUrl,
        String profilePhotoUrl,
        String timezone,
        String slug,
        BankDetails.Masked bankDetails,
        long profileVersion,
        Instant updatedAt,
        List<String> notices) {

    static ProfileResponse of(Consultant consultant, BankDetails.Masked bank) {
        return of(consultant, bank, List.of());
    }

    /** With {@code notices}: consequences of a change the consultant might not expect (offers dropped, zone moved). */
    static ProfileResponse of(Consultant consultant, BankDetails.Masked bank, List<String> notices) {
        Profile p = consultant.profile();
        return new ProfileResponse(consultant.id(), consultant.email().value(), consultant.emailVerified(),
                consultant.status().name(), consultant.statusReason(), p.firstName(), p.lastName(),
                p.phone().countryCode(), p.phone().number(), p.consultancySector(), p.description(), p.experienceMonths(),
                p.personalSessionTitle(), p.personalSessionPrice() == null ? null : p.personalSessionPrice().rupees(),
                p.webinarSessionTitle(), p.webinarSessionPrice() == null ? null : p.webinarSessionPrice().rupees(),
                PriceInr.CURRENCY, url(p.instagramUrl()), url(p.linkedinUrl()), url(p.twitterUrl()), url(p.profilePhotoUrl()),
                p.timezone().value(), p.slug().value(), bank, consultant.profileVersion(), consultant.updatedAt(), notices);
    }

    private static String url(WebUrl url) {
        return url == null ? null : url.value();
    }
}
