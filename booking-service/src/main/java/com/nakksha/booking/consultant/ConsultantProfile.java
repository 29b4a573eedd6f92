package com.nakksha.booking.consultant;

import com.nakksha.booking.money.Money;
import com.nakksha.edge.token.ApprovalStatus;

import java.time.ZoneId;
import java.util.Currency;
import java.util.Optional;
import java.util.UUID;

/** What booking knows about a consultant, replicated from identity's events. */
public record ConsultantProfile(
        UUID consultantId,
        String slug,
        String firstName,
        String lastName,
        String consultancySector,
        String description,
        Integer experienceMonths,
        String personalSessionTitle,
        Long personalSessionPriceMinor,
        String webinarSessionTitle,
        Long webinarSessionPriceMinor,
        String currency,
        String profilePhotoUrl,
        String instagramUrl,
        String linkedinUrl,
        String twitterUrl,
        String timeZone,
        ApprovalStatus approval) {

    /** Only an approved account, not suspended since, has a public page. */
    public boolean isPublic() {
        return approval == ApprovalStatus.APPROVED && slug != null;
    }

    /** The price clients pay for a session type; empty when the consultant does not offer it. */
    public Optional<Money> priceOf(SessionType type) {
        Long minor = type == SessionType.PERSONAL ? personalSessionPriceMinor : webinarSessionPriceMinor;
        return Optional.ofNullable(minor).map(amount -> new Money(amount, Currency.getInstance(currency)));
    }

    public String titleOf(SessionType type) {
        String title = type == SessionType.PERSONAL ? personalSessionTitle : webinarSessionTitle;
        if (title != null && !title.isBlank()) {
            return title;
        }
        return (type == SessionType.PERSONAL ? "Personal session" : "Webinar") + " with " + displayName();
    }

    public String displayName() {
        return ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
    }

    public Optional<ZoneId> zone() {
        try {
            return Optional.ofNullable(timeZone).map(ZoneId::of);
        } catch (RuntimeException unknownZone) {
            return Optional.empty();
        }
    }
}
