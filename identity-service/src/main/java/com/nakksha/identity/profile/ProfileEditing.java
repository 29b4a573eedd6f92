package com.nakksha.identity.profile;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nakksha.defaults.problem.FieldErrors;
import com.nakksha.defaults.problem.NotFoundProblem;
import com.nakksha.defaults.problem.ProblemException;
import com.nakksha.identity.consultant.Consultant;
import com.nakksha.identity.consultant.ConsultantService;
import com.nakksha.identity.consultant.PhoneNumber;
import com.nakksha.identity.consultant.PriceInr;
import com.nakksha.identity.consultant.Profile;
import com.nakksha.identity.consultant.Slug;
import com.nakksha.identity.consultant.TimeZoneId;
import com.nakksha.identity.consultant.WebUrl;
import com.nakksha.identity.encryption.DataEncryption;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Reads and changes a consultant's own profile. Bank details are sealed with AES-GCM bound to the
 * consultant id and never leave this class unmasked; profile changes publish public fields only.
 */
@Service
class ProfileEditing {

    private final ConsultantService consultants;
    private final DataEncryption encryption;
    private final TransactionalOperator transactions;
    private final Clock clock;

    ProfileEditing(ConsultantService consultants, DataEncryption encryption,
                   TransactionalOperator transactions, Clock clock) {
        this.consultants = consultants;
        this.encryption = encryption;
        this.transactions = transactions;
        this.clock = clock;
    }

    Mono<ProfileResponse> get(UUID consultantId) {
        return consultants.findById(consultantId)
                .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Consultant")))
                .map(loaded -> respond(loaded.consultant()));
    }

    Mono<ProfileResponse> update(UUID consultantId, ProfileController.ProfileRequest request) {
        FieldErrors errors = new FieldErrors();
        String countryCode = errors.parse("phoneCountryCode", () -> PhoneNumber.parseCountryCode(request.phoneCountryCode()));
        String number = errors.parse("phoneNumber", () -> PhoneNumber.parseNumber(request.phoneNumber()));
        PriceInr personalPrice = errors.parseOptional("personalSessionPrice", request.personalSessionPrice(),
                () -> PriceInr.ofRupees(request.personalSessionPrice()));
        PriceInr webinarPrice = errors.parseOptional("webinarSessionPrice", request.webinarSessionPrice(),
                () -> PriceInr.ofRupees(request.webinarSessionPrice()));
        WebUrl instagram = optionalUrl(errors, "instagramUrl", request.instagramUrl());
        WebUrl linkedin = optionalUrl(errors, "linkedinUrl", request.linkedinUrl());
        WebUrl twitter = optionalUrl(errors, "twitterUrl", request.twitterUrl());
        WebUrl photo = optionalUrl(errors, "profilePhotoUrl", request.profilePhotoUrl());
        TimeZoneId timezone = errors.parse("timezone", () -> TimeZoneId.parse(request.timezone()));
        Slug slug = errors.parse("slug", () -> Slug.parse(request.slug()));
        BankDetails bank = null;
        if (request.bankDetails() != null) {
            Ifsc ifsc = errors.parse("bankDetails.ifsc", () -> Ifsc.parse(request.bankDetails().ifsc()));
            String accountNumber = request.bankDetails().accountNumber().replaceAll("\\s", "");
            if (ifsc != null) {
                try {
                    bank = new BankDetails(request.bankDetails().bankName(), accountNumber, ifsc);
                } catch (BankDetails.InvalidBankDetails invalid) {
                    errors.reject("bankDetails." + invalid.field(), invalid.getMessage());
                }
            }
        }
        errors.throwIfAny();
        Profile profile = new Profile(request.firstName().strip(), request.lastName().strip(), new PhoneNumber(countryCode, number),
                blankToNull(request.consultancySector()), blankToNull(request.description()), request.experienceMonths(),
                blankToNull(request.personalSessionTitle()), personalPrice, blankToNull(request.webinarSessionTitle()), webinarPrice,
                instagram, linkedin, twitter, photo, timezone, slug);
        BankDetails newBank = bank;

        return transactions.transactional(consultants.slugTakenByAnother(slug, consultantId)
                        .flatMap(taken -> taken ? Mono.error(slugTaken()) : consultants.findByIdForUpdate(consultantId))
                        .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Consultant")))
                        .flatMap(loaded -> {
                            Consultant consultant = loaded.consultant();
                            Instant now = clock.instant();
                            var raised = consultant.updateProfile(profile, now);
                            if (newBank != null) {
                                consultant.replaceSealedBankDetails(encryption.seal(newBank.toBytes(), bankContext(consultantId)), now);
                            }
                            if (raised.isEmpty() && newBank == null) {
                                return Mono.just(consultant);
                            }
                            return consultants.save(consultant, loaded.rowVersion(), raised)
                                    .thenReturn(consultant);
                        }))
                .onErrorMap(DataIntegrityViolationException.class, race -> slugTaken())
                .map(this::respond);
    }

    private ProfileResponse respond(Consultant consultant) {
        BankDetails.Masked masked = consultant.sealedBankDetails() == null ? null
                : BankDetails.fromBytes(encryption.open(consultant.sealedBankDetails(), bankContext(consultant.id()))).masked();
        return ProfileResponse.of(consultant, masked);
    }

    private static WebUrl optionalUrl(FieldErrors errors, String field, String raw) {
        return raw == null || raw.isBlank() ? null : errors.parse(field, () -> WebUrl.parse(raw));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String bankContext(UUID consultantId) {
        return "bank-details:" + consultantId;
    }

    private static ProblemException slugTaken() {
        return new ProblemException(HttpStatus.CONFLICT, "Slug taken", "Another consultant already uses this page address",
                List.of(new ProblemException.FieldProblem("slug", "is already taken")));
    }
}
