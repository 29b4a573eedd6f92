package com.nakksha.booking.manage;

import com.nakksha.booking.availability.Availability;
import com.nakksha.booking.availability.AvailabilityService;
import com.nakksha.booking.consultant.ConsultantProfile;
import com.nakksha.booking.consultant.ConsultantService;
import com.nakksha.booking.policy.ClientPolicy;
import com.nakksha.booking.policy.ClientPolicyService;
import com.nakksha.booking.session.EntityTags;
import com.nakksha.booking.session.Session;
import com.nakksha.booking.session.SessionService;
import com.nakksha.booking.session.SessionStatus;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.problem.NotFoundProblem;
import com.nakksha.defaults.time.RegionZones;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import org.springframework.stereotype.Service;

/**
 * A client's booking behind their manage link (issue 11): view, cancel and reschedule with no account, within
 * the consultant's {@link ClientPolicy}. A token that opens nothing (wrong, or its session ended longer ago
 * than the link lives) is 404 without saying which. The session's own rules and the database still decide
 * (a cancelled booking changes nothing, the exclusion constraint decides whether a new time is free).
 */
@Service
class ManageService {

    private final SessionService sessions;
    private final ClientPolicyService policies;
    private final ConsultantService consultants;
    private final AvailabilityService availability;
    private final Clock clock;

    ManageService(SessionService sessions, ClientPolicyService policies, ConsultantService consultants,
                  AvailabilityService availability, Clock clock) {
        this.sessions = sessions;
        this.policies = policies;
        this.consultants = consultants;
        this.availability = availability;
        this.clock = clock;
    }

    /** @param timeZone IANA id to show local times in; null for the one the client booked in */
    Mono<ManagedBooking> view(String token, String timeZone) {
        Optional<ZoneId> asked = zone(timeZone);
        return sessions.managed(token)
                .switchIfEmpty(Mono.error(ManageService::notFound))
                .flatMap(managed -> {
                    Session session = managed.session();
                    return Mono.zip(policies.of(session.consultantId()), availability.of(session.consultantId()),
                                    consultants.find(session.consultantId()).map(Optional::of).defaultIfEmpty(Optional.empty()),
                                    sessions.clientReschedules(session.id()))
                            .map(all -> view(session, asked.or(() -> zone(managed.clientTimeZone())), all.getT1(),
                                    all.getT2(), all.getT3(), all.getT4()));
                });
    }

    Mono<ManagedBooking> cancel(String token, String ifMatch, ManageRequests.Cancel request) {
        return sessions.managed(token)
                .switchIfEmpty(Mono.error(ManageService::notFound))
                .flatMap(managed -> {
                    Session session = managed.session();
                    return policies.of(session.consultantId()).flatMap(policy -> sessions.cancelAsClient(
                            session.consultantId(), session.id(), request.reason(), EntityTags.expectedVersion(ifMatch),
                            guard(policy, false)));
                })
                .then(Mono.defer(() -> view(token, null)));
    }

    Mono<ManagedBooking> reschedule(String token, String ifMatch, ManageRequests.Reschedule request) {
        return sessions.managed(token)
                .switchIfEmpty(Mono.error(ManageService::notFound))
                .flatMap(managed -> {
                    Session session = managed.session();
                    return policies.of(session.consultantId()).flatMap(policy -> sessions.rescheduleAsClient(
                            session.consultantId(), session.id(), request.start(), request.reason(),
                            EntityTags.expectedVersion(ifMatch), guard(policy, true)));
                })
                .then(Mono.defer(() -> view(token, null)));
    }

    /** The policy's word on the locked session; the refund share it returns is used by a cancellation. */
    private static SessionService.ClientGuard guard(ClientPolicy policy, boolean reschedule) {
        return (session, moves, now) -> {
            refusal(session, policy, moves, reschedule, now).ifPresent(why -> {
                throw new PolicyRefusedException(why);
            });
            return policy.refundPercentAt(session.startsAt(), now);
        };
    }

    private static Optional<String> refusal(Session session, ClientPolicy policy, long moves, boolean reschedule,
                                            Instant now) {
        if (session.status() != SessionStatus.PENDING && session.status() != SessionStatus.CONFIRMED) {
            return Optional.of("the booking is " + session.status() + " and can no longer be changed");
        }
        Optional<String> notice = policy.refusesChange(session.startsAt(), now);
        if (notice.isPresent() || !reschedule) {
            return notice;
        }
        return policy.refusesReschedule(moves);
    }

    private ManagedBooking view(Session session, Optional<ZoneId> clientZone, ClientPolicy policy, Availability rules,
                                Optional<ConsultantProfile> consultant, long moves) {
        Instant now = clock.instant();
        ZoneId zone = clientZone.orElse(rules.timeZone());
        Optional<String> cancelRefusal = refusal(session, policy, moves, false, now);
        Optional<String> rescheduleRefusal = refusal(session, policy, moves, true, now);
        int reschedulesLeft = (int) Math.max(0, policy.maximumReschedules() - moves);
        ManagedBooking.Allowed allowed = new ManagedBooking.Allowed(cancelRefusal.isEmpty(), rescheduleRefusal.isEmpty(),
                reschedulesLeft, cancelRefusal.isEmpty() ? policy.refundPercentAt(session.startsAt(), now) : 0,
                session.startsAt().minus(Duration.ofMinutes(policy.minimumNoticeMinutes())),
                rescheduleRefusal.or(() -> cancelRefusal).orElse(null));
        return new ManagedBooking(session.id(), session.status(), session.paymentStatus(), session.type(),
                session.title(), consultant.map(ConsultantProfile::displayName).orElse(null),
                consultant.filter(ConsultantProfile::isPublic).map(ConsultantProfile::slug).orElse(null),
                session.startsAt(), session.endsAt(), local(session.startsAt(), zone), local(session.endsAt(), zone),
                zone.getId(), (int) session.duration().toMinutes(), session.amount().toMajor(),
                session.amount().currency().getCurrencyCode(),
                session.status() == SessionStatus.CONFIRMED ? session.effectiveMeetingLink(rules.meetingLinks()) : null,
                session.holdExpiresAt(), session.cancellationReason(), allowed, session.version());
    }

    private static String local(Instant instant, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(zone));
    }

    private static Optional<ZoneId> zone(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(RegionZones.of(id).orElseThrow(
                () -> new InvalidInputException("timeZone", "'" + id + "' is not an IANA time zone such as Asia/Kolkata")));
    }

    private static NotFoundProblem notFound() {
        return new NotFoundProblem("Booking");
    }
}
