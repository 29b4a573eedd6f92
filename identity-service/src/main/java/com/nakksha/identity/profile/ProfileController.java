package com.nakksha.identity.profile;

import java.math.BigDecimal;

import com.nakksha.defaults.input.MultiLine;
import com.nakksha.defaults.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The consultant's own profile. Open in every approval state (approval-exempt path), so a new
 * consultant can complete it while waiting; always scoped to the token's consultant id.
 */
@RestController
@RequestMapping("/api/v1/consultants/me")
class ProfileController {

    private final ProfileEditing profiles;

    ProfileController(ProfileEditing profiles) {
        this.profiles = profiles;
    }

    @GetMapping
    Mono<ProfileResponse> get(Caller caller) {
        return profiles.get(caller.consultantId());
    }

    /**
     * Replaces the public profile. {@code bankDetails} is write-only: omitted or null keeps what is
     * stored, an object replaces it. A price left out removes that public offer, and a changed
     * {@code timezone} moves the availability with its wall-clock times: the answer's
     * {@code notices} say so.
     */
    @PutMapping
    Mono<ProfileResponse> update(Caller caller, @Valid @RequestBody ProfileRequest request) {
        return profiles.update(caller.consultantId(), request);
    }

    /**
     * Changes only the fields named: a JSON merge patch (RFC 7396, {@code application/merge-patch+json}
     * or plain JSON) over the fields of {@code PUT}; {@code null} clears a field. Answers like {@code PUT}.
     */
    @PatchMapping(consumes = {"application/merge-patch+json", MediaType.APPLICATION_JSON_VALUE})
    Mono<ProfileResponse> patch(Caller caller, @RequestBody ObjectNode patch) {
        return profiles.patch(caller.consultantId(), patch);
    }

    /** The public booking page link; a dashboard feature, so only for approved consultants. */
    @GetMapping("/booking-page")
    Mono<BookingPageResponse> bookingPage(Caller caller) {
        return profiles.get(caller.consultantId()).map(profile -> new BookingPageResponse(profile.slug(), "/" + profile.slug()));
    }

    record ProfileRequest(
            @NotBlank @Size(max = 100) String firstName,
            @NotBlank @Size(max = 100) String lastName,
            @Size(max = 5) String phoneCountryCode,
            @NotBlank @Size(max = 20) String phoneNumber,
            @Size(max = 100) String consultancySector,
            @MultiLine @Size(max = 5000) String description,
            @Min(0) @Max(1200) Integer experienceMonths,
            @Size(max = 200) String personalSessionTitle,
            BigDecimal personalSessionPrice,
            @Size(max = 200) String webinarSessionTitle,
            BigDecimal webinarSessionPrice,
            @Size(max = 500) String instagramUrl,
            @Size(max = 500) String linkedinUrl,
            @Size(max = 500) String twitterUrl,
            @Size(max = 500) String profilePhotoUrl,
            @NotBlank @Size(max = 64) String timezone,
            @NotBlank @Size(max = 60) String slug,
            @Valid BankDetailsRequest bankDetails) {
    }

    record BankDetailsRequest(@NotBlank @Size(max = 100) String bankName, @NotBlank @Size(max = 30) String accountNumber,
                              @NotBlank @Size(max = 20) String ifsc) {
        @Override
        public String toString() {
            return "BankDetailsRequest[redacted]";
        }
    }

    record BookingPageResponse(String slug, String path) {
    }
}
