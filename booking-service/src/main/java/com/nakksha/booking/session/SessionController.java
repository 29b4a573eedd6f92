package com.nakksha.booking.session;

import com.nakksha.booking.BookingProperties;
import com.nakksha.booking.availability.Availability;
import com.nakksha.booking.availability.AvailabilityService;
import com.nakksha.booking.consultant.SessionType;
import com.nakksha.booking.session.BulkRejectedException.Outcome;
import com.nakksha.booking.session.SessionRequests.BulkUpdate;
import com.nakksha.booking.session.SessionRequests.Cancellation;
import com.nakksha.booking.session.SessionRequests.NewSession;
import com.nakksha.booking.session.SessionRequests.Reschedule;
import com.nakksha.booking.session.SessionRequests.SessionChanges;
import com.nakksha.defaults.idempotency.IdempotencyKeys;
import com.nakksha.defaults.input.InputRules;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
import com.nakksha.defaults.security.Caller;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/sessions")
class SessionController {

    record BulkResult(List<Outcome> results) {
    }

    private static final int DATE_LENGTH = "2030-01-31".length();

    private final SessionService sessions;
    private final ManualSessionKeys manualSessions;
    private final AvailabilityService availability;
    private final BookingProperties properties;

    SessionController(SessionService sessions, ManualSessionKeys manualSessions, AvailabilityService availability,
                      BookingProperties properties) {
        this.sessions = sessions;
        this.manualSessions = manualSessions;
        this.availability = availability;
        this.properties = properties;
    }

    /**
     * 201 with the new session. With an {@code Idempotency-Key}, a retry with the same key and body answers 201 with
     * the session the first request booked (as it is now) instead of a 409 for its own time; another body is 422.
     */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SessionView> create(Caller caller, @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
                             @Valid @RequestBody NewSession request) {
        UUID consultantId = caller.consultantId();
        return manualSessions.create(consultantId, idempotencyKey, request)
                .flatMap(id -> sessions.get(consultantId, id));
    }

    @GetMapping
    Mono<Page<SessionView>> list(Caller caller,
                                 @RequestParam(required = false) List<SessionStatus> status,
                                 @RequestParam(required = false) SessionType type,
                                 @RequestParam(required = false) List<PaymentStatus> paymentStatus,
                                 @RequestParam(required = false) String from,
                                 @RequestParam(required = false) String to,
                                 @RequestParam(required = false) UUID clientId,
                                 @RequestParam(required = false) String q,
                                 @RequestParam(required = false) Integer page,
                                 @RequestParam(required = false) Integer size,
                                 @RequestParam(required = false) String sort) {
        UUID consultantId = caller.consultantId();
        PageRequest request = PageRequest.of(page, size, sort, SessionRepository.SORT_COLUMNS.keySet(), "startsAt,desc", properties.maxPageSize());
        return filter(consultantId, status, type, paymentStatus, from, to, clientId, q).flatMap(filter ->
                Mono.zip(sessions.list(consultantId, filter, request), sessions.meetingLinks(consultantId))
                        .map(both -> both.getT1().map(row -> SessionView.of(row, both.getT2()))));
    }

    @GetMapping("/summary")
    Mono<SessionSummary> summary(Caller caller,
                                 @RequestParam(required = false) List<SessionStatus> status,
                                 @RequestParam(required = false) SessionType type,
                                 @RequestParam(required = false) List<PaymentStatus> paymentStatus,
                                 @RequestParam(required = false) String from,
                                 @RequestParam(required = false) String to,
                                 @RequestParam(required = false) UUID clientId,
                                 @RequestParam(required = false) String q) {
        UUID consultantId = caller.consultantId();
        return filter(consultantId, status, type, paymentStatus, from, to, clientId, q)
                .flatMap(filter -> sessions.summary(consultantId, filter));
    }

    /** The session with its version as {@code ETag}. */
    @GetMapping("/{id}")
    Mono<ResponseEntity<SessionView>> get(Caller caller, @PathVariable UUID id) {
        return sessions.get(caller.consultantId(), id).map(SessionController::tagged);
    }

    /** Changes take an optional {@code If-Match} with the version read; a stale one answers 412 and changes nothing. */
    @RequestMapping(path = "/{id}", method = {RequestMethod.PUT, RequestMethod.PATCH})
    Mono<ResponseEntity<SessionView>> change(Caller caller, @PathVariable UUID id,
                                             @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                             @Valid @RequestBody SessionChanges changes) {
        UUID consultantId = caller.consultantId();
        return sessions.change(consultantId, id, changes, EntityTags.expectedVersion(ifMatch))
                .then(sessions.get(consultantId, id)).map(SessionController::tagged);
    }

    @PostMapping("/{id}/reschedule")
    Mono<ResponseEntity<SessionView>> reschedule(Caller caller, @PathVariable UUID id,
                                                 @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                 @Valid @RequestBody Reschedule request) {
        UUID consultantId = caller.consultantId();
        return sessions.reschedule(consultantId, id, request, EntityTags.expectedVersion(ifMatch))
                .then(sessions.get(consultantId, id)).map(SessionController::tagged);
    }

    @PostMapping("/{id}/cancel")
    Mono<ResponseEntity<SessionView>> cancel(Caller caller, @PathVariable UUID id,
                                             @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                             @Valid @RequestBody Cancellation request) {
        UUID consultantId = caller.consultantId();
        return sessions.cancel(consultantId, id, request.reason(), EntityTags.expectedVersion(ifMatch))
                .then(sessions.get(consultantId, id)).map(SessionController::tagged);
    }

    /** Sessions are cancelled, never deleted; the reason comes as a query parameter. */
    @DeleteMapping("/{id}")
    Mono<ResponseEntity<SessionView>> cancelByDelete(Caller caller, @PathVariable UUID id,
                                                     @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                     @RequestParam(required = false) String reason) {
        if (reason == null || reason.isBlank()) {
            return Mono.error(new InvalidInputException("reason", "is required to cancel a session"));
        }
        if (reason.length() > 500) {
            return Mono.error(new InvalidInputException("reason", "size must be between 0 and 500"));
        }
        UUID consultantId = caller.consultantId();
        return sessions.cancel(consultantId, id, reason, EntityTags.expectedVersion(ifMatch))
                .then(sessions.get(consultantId, id)).map(SessionController::tagged);
    }

    private static ResponseEntity<SessionView> tagged(SessionView view) {
        return ResponseEntity.ok().eTag(view.etag()).body(view);
    }

    @PostMapping("/bulk-update")
    Mono<BulkResult> bulkUpdate(Caller caller, @Valid @RequestBody BulkUpdate request) {
        return sessions.bulkUpdate(caller.consultantId(), request).map(BulkResult::new);
    }

    /**
     * {@code from}/{@code to} are each a date ({@code 2030-01-31}, a whole day in the consultant's
     * zone: {@code from} from its start, {@code to} through its end) or an instant
     * ({@code 2030-01-31T09:30:00Z}, an offset allowed; {@code to} exclusive).
     */
    private Mono<SessionFilter> filter(UUID consultantId, List<SessionStatus> status, SessionType type,
                                       List<PaymentStatus> paymentStatus, String from, String to, UUID clientId, String q) {
        boolean byDate = isDate(from) || isDate(to);
        Mono<ZoneId> zone = byDate ? availability.of(consultantId).map(Availability::timeZone) : Mono.just(ZoneOffset.UTC);
        return zone.map(consultantZone -> {
            Instant start = bound("from", from, consultantZone, false);
            Instant end = bound("to", to, consultantZone, true);
            if (start != null && end != null && !end.isAfter(start)) {
                throw new InvalidInputException("to", "must be after from");
            }
            return new SessionFilter(status == null ? null : new HashSet<>(status), type,
                    paymentStatus == null ? null : new HashSet<>(paymentStatus), start, end, clientId, q);
        });
    }

    private static boolean isDate(String value) {
        return value != null && value.length() == DATE_LENGTH;
    }

    private static Instant bound(String field, String value, ZoneId zone, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Object parsed = isDate(value) ? LocalDate.parse(value) : Instant.parse(value);
            String problem = InputRules.temporalProblem(parsed);
            if (problem != null) {
                throw new InvalidInputException(field, problem);
            }
            if (parsed instanceof LocalDate date) {
                return (end ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
            }
            return (Instant) parsed;
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "'" + value + "' is neither a date like 2030-01-31 (a whole day in your "
                    + "time zone) nor an instant like 2030-01-31T09:30:00Z");
        }
    }
}
