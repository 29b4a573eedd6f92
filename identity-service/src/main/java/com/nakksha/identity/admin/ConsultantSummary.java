package com.nakksha.identity.admin;

import java.time.Instant;
import java.util.UUID;

import com.nakksha.identity.consultant.Consultant;

/** What admins see of a consultant account when reviewing it; no bank details. */
record ConsultantSummary(UUID id, String email, String firstName, String lastName, String phoneCountryCode, String phoneNumber,
                         String status, String statusReason, boolean emailVerified, String slug, String consultancySector,
                         Instant signedUpAt) {

    static ConsultantSummary of(Consultant consultant) {
        var profile = consultant.profile();
        return new ConsultantSummary(consultant.id(), consultant.email().value(), profile.firstName(), profile.lastName(),
                profile.phone().countryCode(), profile.phone().number(), consultant.status().name(), consultant.statusReason(),
                consultant.emailVerified(), profile.slug().value(), profile.consultancySector(), consultant.createdAt());
    }
}
