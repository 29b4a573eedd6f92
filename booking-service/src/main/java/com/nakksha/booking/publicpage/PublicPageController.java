package com.nakksha.booking.publicpage;

import com.nakksha.booking.availability.Availability;
import com.nakksha.booking.availability.AvailabilityService;
import com.nakksha.booking.consultant.ConsultantProfile;
import com.nakksha.booking.consultant.SessionType;
import com.nakksha.booking.money.Money;
import com.nakksha.booking.slots.Slot;
import com.nakksha.booking.slots.SlotQuery;
import com.nakksha.booking.slots.SlotService;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.security.ClientAddress;
import com.nakksha.defaults.time.RegionZones;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The consultant's public booking page: profile and offers, free slots in the viewer's zone, booking. */
@RestController
@RequestMapping("/api/v1/public/consultants/{slug}")
class PublicPageController {

    record Offer(SessionType type, String title, BigDecimal price, String currency, List<Integer> durationsMinutes,
                 Integer seats) {
    }

    record PublicProfile(String slug, String name, String firstName, String lastName, String consultancySector,
                         String description, Integer experienceMonths, String profilePhotoUrl, String instagramUrl,
                         String linkedinUrl, String twitterUrl, String timeZone, List<Offer> offers) {
    }

    record SlotView(Instant start, Instant end, String localStart, String localEnd, Integer seatsLeft) {
    }

    record SlotsView(String slug, SessionType type, int durationMinutes, String timeZone, String consultantTimeZone,
                     List<SlotView> slots) {
    }

    private final PublicProfiles profiles;
    private final AvailabilityService availability;
    private final SlotService slots;
    private final PublicBookingService bookings;

    PublicPageController(PublicProfiles profiles, AvailabilityService availability, SlotService slots,
                         PublicBookingService bookings) {
        this.profiles = profiles;
        this.availability = availability;
        this.slots = slots;
        this.bookings = bookings;
    }

    @GetMapping
    Mono<PublicProfile> profile(@PathVariable String slug) {
        return profiles.publicProfile(slug).flatMap(profile -> availability.of(profile)
                .map(rules -> new PublicProfile(profile.slug(), profile.displayName(), profile.firstName(),
                        profile.lastName(), profile.consultancySector(), profile.description(), profile.experienceMonths(),
                        profile.profilePhotoUrl(), profile.instagramUrl(), profile.linkedinUrl(), profile.twitterUrl(),
                        rules.timeZone().getId(), offers(profile, rules))));
    }

    @GetMapping("/slots")
    Mono<SlotsView> slots(@PathVariable String slug,
                          @RequestParam(required = false) LocalDate from,
                          @RequestParam(required = false) LocalDate to,
                          @RequestParam(required = false) SessionType type,
                          @RequestParam(required = false) String timeZone,
                          @RequestParam(required = false) Integer durationMinutes) {
        SessionType sessionType = type == null ? SessionType.PERSONAL : type;
        return profiles.publicProfile(slug).flatMap(profile -> availability.of(profile).flatMap(rules -> {
            if (profile.priceOf(sessionType).isEmpty()) {
                throw new InvalidInputException("type", sessionType + " is not offered by this consultant");
            }
            ZoneId viewer = timeZone == null ? rules.timeZone() : zone(timeZone);
            Duration duration = slots.calculator().durationFor(rules, sessionType,
                    durationMinutes == null ? null : Duration.ofMinutes(durationMinutes));
            SlotQuery query = new SlotQuery(from, to, viewer, sessionType, duration);
            return slots.freeSlots(profile.consultantId(), rules, query)
                    .map(found -> new SlotsView(profile.slug(), sessionType, (int) duration.toMinutes(), viewer.getId(),
                            rules.timeZone().getId(), found.stream().map(PublicPageController::view).toList()));
        }));
    }

    @PostMapping("/bookings")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Book a slot on the consultant's public page",
            description = "The session is PENDING and holds its time until holdExpiresAt. A priced session waits for its "
                    + "payment (payableId and paymentCapability); a free one waits for the booker to confirm their email "
                    + "(awaitingEmailConfirmation true): a link is mailed to them, and unconfirmed by holdExpiresAt the "
                    + "booking is ABANDONED. Live holds are capped per email, client address and consultant (429).")
    Mono<BookingConfirmation> book(@PathVariable String slug,
                                   @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                   @Valid @RequestBody PublicBookingRequest request, ServerHttpRequest http) {
        return bookings.book(slug, idempotencyKey, request, ClientAddress.of(http));
    }

    /**
     * A slug the consultant left recently: 308 to the same address under the new slug (method, body
     * and query kept), for {@code nakksha.booking.retired-slug-redirect} after the change.
     */
    @ExceptionHandler(PublicProfiles.SlugMoved.class)
    ResponseEntity<Void> moved(PublicProfiles.SlugMoved moved, ServerHttpRequest request) {
        String path = request.getPath().value();
        String prefix = "/api/v1/public/consultants/";
        int slugEnd = path.indexOf('/', prefix.length());
        String query = request.getURI().getRawQuery();
        return ResponseEntity.status(HttpStatus.PERMANENT_REDIRECT).location(URI.create(prefix + moved.slug()
                + (slugEnd < 0 ? "" : path.substring(slugEnd)) + (query == null ? "" : "?" + query))).build();
    }

    private static List<Offer> offers(ConsultantProfile profile, Availability rules) {
        List<Offer> offers = new ArrayList<>();
        for (SessionType type : SessionType.values()) {
            Optional<Money> price = profile.priceOf(type);
            price.ifPresent(money -> offers.add(new Offer(type, profile.titleOf(type), money.toMajor(),
                    money.currency().getCurrencyCode(),
                    rules.durations().get(type).stream().map(length -> (int) length.toMinutes()).toList(),
                    type == SessionType.WEBINAR ? rules.webinarSeats() : null)));
        }
        return offers;
    }

    private static SlotView view(Slot slot) {
        return new SlotView(slot.start(), slot.end(), DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(slot.localStart()),
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(slot.localEnd()), slot.seatsLeft());
    }

    private static ZoneId zone(String id) {
        return RegionZones.of(id).orElseThrow(
                () -> new InvalidInputException("timeZone", "'" + id + "' is not an IANA time zone such as Asia/Kolkata"));
    }
}
