package com.nakksha.identity.profile;

import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.nakksha.defaults.problem.FieldErrors;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.InvalidInputException.Violation;
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
import jakarta.validation.Validator;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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

    /** The fields a merge patch may name: those of a full update. */
    private static final Set<String> PATCHABLE = Arrays.stream(ProfileController.ProfileRequest.class.getRecordComponents())
            .map(RecordComponent::getName).collect(Collectors.toUnmodifiableSet());
    private static final String OFFER_DROPPED = "%s is no longer set, so %s sessions are no longer offered on your public "
            + "page (slots and bookings of that type are refused); set it again to offer them. PATCH changes only the "
            + "fields it names.";

    private final ConsultantService consultants;
    private final DataEncryption encryption;
    private final TransactionalOperator transactions;
    private final JsonMapper json;
    private final Validator validator;
    private final Clock clock;

    ProfileEditing(ConsultantService consultants, DataEncryption encryption, TransactionalOperator transactions,
                   JsonMapper json, Validator validator, Clock clock) {
        this.consultants = consultants;
        this.encryption = encryption;
        this.transactions = transactions;
        this.json = json;
        this.validator = validator;
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
        List<String> notices = new ArrayList<>();

        return transactions.transactional(consultants.slugTakenByAnother(slug, consultantId)
                        .flatMap(taken -> taken ? Mono.error(slugTaken()) : consultants.findByIdForUpdate(consultantId))
                        .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Consultant")))
                        .flatMap(loaded -> {
                            Consultant consultant = loaded.consultant();
                            notices.addAll(notices(consultant.profile(), profile));
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
                .map(consultant -> respond(consultant, notices));
    }

    /**
     * Applies a JSON merge patch (RFC 7396) to the profile as {@link ProfileController.ProfileRequest}
     * fields: a member replaces that field, {@code null} clears it, a missing member keeps it; then
     * the result is checked and saved as a full update would be. An unknown member is refused (400
     * naming it).
     */
    Mono<ProfileResponse> patch(UUID consultantId, ObjectNode patch) {
        List<Violation> unknown = new ArrayList<>();
        patch.propertyNames().forEach(name -> {
            if (!PATCHABLE.contains(name)) {
                unknown.add(new Violation(name, "is not a known property"));
            }
        });
        if (!unknown.isEmpty()) {
            return Mono.error(new InvalidInputException(unknown));
        }
        return get(consultantId).flatMap(current -> {
            ObjectNode merged = json.createObjectNode();
            ObjectNode now = json.valueToTree(current);
            PATCHABLE.stream().filter(name -> !name.equals("bankDetails") && now.hasNonNull(name))
                    .forEach(name -> merged.set(name, now.get(name)));
            mergePatch(merged, patch);
            ProfileController.ProfileRequest request;
            try {
                request = json.treeToValue(merged, ProfileController.ProfileRequest.class);
            } catch (JacksonException wrong) {
                String field = wrong.getPath().isEmpty() ? "request" : wrong.getPath().getFirst().getPropertyName();
                return Mono.error(new InvalidInputException(field, "has the wrong type or format"));
            }
            List<Violation> invalid = validator.validate(request).stream()
                    .map(violation -> new Violation(violation.getPropertyPath().toString(), violation.getMessage()))
                    .toList();
            if (!invalid.isEmpty()) {
                return Mono.error(new InvalidInputException(invalid));
            }
            return update(consultantId, request);
        });
    }

    private static void mergePatch(ObjectNode target, ObjectNode patch) {
        patch.properties().forEach(member -> {
            JsonNode value = member.getValue();
            if (value.isNull()) {
                target.remove(member.getKey());
            } else if (value.isObject() && target.get(member.getKey()) instanceof ObjectNode existing) {
                mergePatch(existing, (ObjectNode) value);
            } else {
                target.set(member.getKey(), value);
            }
        });
    }

    /** What a change does that the consultant may not expect: dropped offers and a moved time zone. */
    private static List<String> notices(Profile before, Profile after) {
        List<String> notices = new ArrayList<>();
        if (before.personalSessionPrice() != null && after.personalSessionPrice() == null) {
            notices.add(OFFER_DROPPED.formatted("personalSessionPrice", "PERSONAL"));
        }
        if (before.webinarSessionPrice() != null && after.webinarSessionPrice() == null) {
            notices.add(OFFER_DROPPED.formatted("webinarSessionPrice", "WEBINAR"));
        }
        String fromZone = before.timezone() == null ? null : before.timezone().value();
        if (fromZone != null && !fromZone.equals(after.timezone().value())) {
            notices.add(("timezone changed from %s to %s: your availability follows it and keeps its wall-clock times "
                    + "(weekly hours, breaks and date overrides stay as written, now on %s's clock); sessions already "
                    + "booked keep their times").formatted(fromZone, after.timezone().value(), after.timezone().value()));
        }
        return notices;
    }

    private ProfileResponse respond(Consultant consultant) {
        return respond(consultant, List.of());
    }

    private ProfileResponse respond(Consultant consultant, List<String> notices) {
        BankDetails.Masked masked = consultant.sealedBankDetails() == null ? null
                : BankDetails.fromBytes(encryption.open(consultant.sealedBankDetails(), bankContext(consultant.id()))).masked();
        return ProfileResponse.of(consultant, masked, List.copyOf(notices));
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
