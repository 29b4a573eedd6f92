package com.nakksha.local.faults;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nakksha.events.ClientCreated;
import com.nakksha.events.ConsultantProfileUpdated;
import com.nakksha.events.PaymentCaptured;
import com.nakksha.events.PaymentRefunded;
import com.nakksha.events.PaymentReturned;
import com.nakksha.events.QuotationAccepted;
import com.nakksha.events.QuotationSent;
import com.nakksha.events.SessionAbandoned;
import com.nakksha.events.SessionBooked;
import com.nakksha.events.SessionCancelled;
import com.nakksha.events.SessionCompleted;
import com.nakksha.events.SessionConfirmed;
import com.nakksha.events.SessionNoShow;
import com.nakksha.events.SessionRescheduled;
import com.nakksha.schemas.EventMetadata;
import org.apache.avro.specific.SpecificRecord;
import tools.jackson.databind.JsonNode;

/**
 * One consultant's dashboard figures recomputed from the events on the topics, by the definitions in
 * analytics-service's README ("What each figure counts"), written without the projection's code:
 * <ul>
 *   <li>a session counts once its {@code SessionBooked} is on the topic, on the consultant's local day of its current
 *   {@code startsAt}, in its <em>current</em> status: the status its last status event on {@code booking.session}
 *   gave it. That topic is keyed by session id and has one writer, so a session's events sit on one partition in the
 *   order booking-service committed them; that order is the current status, whatever their {@code occurredAt}
 *   say. analytics-service takes the status furthest along PENDING, ABANDONED, CONFIRMED, an end state, which is the
 *   same as long as booking-service only moves sessions forward ({@link #movedBack} names any that did not);</li>
 *   <li>{@code totalSessions} every status but ABANDONED; pending, confirmed, completed, cancelled, no-shows and
 *   abandoned by that status;</li>
 *   <li>clients from {@code ClientCreated} (earliest per client) by their local creation day; active clients the
 *   distinct clients of the period's sessions that are not CANCELLED or ABANDONED, repeat those of them with two or
 *   more such sessions on or before the period's end;</li>
 *   <li>gross revenue the captures (one per payment, by capture day) that were not returned, minus the refunds (one
 *   per refund id, by refund day) of payments not returned; net revenue gross minus the provider and platform fees
 *   of those captures. The load books public sessions only, so no manual payment exists to add;</li>
 *   <li>quotations sent and accepted: distinct quotations by the day of {@code QuotationSent} /
 *   {@code QuotationAccepted}.</li>
 * </ul>
 * Duplicated records (a relay re-publishing after a crash) count once: the first copy of an event id is kept.
 */
final class DashboardRecount {

    /** The consultants the load onboards get this zone (ConsultantOnboarding) unless a profile event says otherwise. */
    static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Kolkata");

    /** The figures compared, by the dashboard's field names, in paise for money. */
    record Figures(Map<String, Long> counts, BigDecimal repeatClientRate, long grossMinor, long netMinor) {

        /** Every field whose dashboard value differs from this recomputation, as "field dashboard/recomputed". */
        List<String> differences(JsonNode metrics) {
            List<String> differences = new ArrayList<>();
            counts.forEach((field, expected) -> {
                long shown = metrics.path(field).asLong();
                if (shown != expected) {
                    differences.add(field + " " + shown + "/" + expected);
                }
            });
            BigDecimal repeatShown = new BigDecimal(metrics.path("repeatClientRate").asText("0"));
            if (repeatShown.compareTo(repeatClientRate) != 0) {
                differences.add("repeatClientRate " + repeatShown + "/" + repeatClientRate);
            }
            BigDecimal grossShown = new BigDecimal(metrics.path("totalRevenue").asText("0"));
            if (grossShown.compareTo(BigDecimal.valueOf(grossMinor, 2)) != 0) {
                differences.add("totalRevenue " + grossShown + "/" + BigDecimal.valueOf(grossMinor, 2));
            }
            BigDecimal netShown = new BigDecimal(metrics.path("netRevenue").asText("0"));
            if (netShown.compareTo(BigDecimal.valueOf(netMinor, 2)) != 0) {
                differences.add("netRevenue " + netShown + "/" + BigDecimal.valueOf(netMinor, 2));
            }
            return differences;
        }
    }

    /** A session as its events on the topic leave it. */
    private static final class Session {
        boolean booked;
        UUID clientId;
        Instant startsAt;
        String status;
        /** The furthest status any of its events gave it, to name sessions that moved back. */
        String furthest;
    }

    /** How far along a session's life a status is, as analytics-service ranks it. */
    private static int level(String status) {
        return switch (status) {
            case "PENDING" -> 0;
            case "ABANDONED" -> 1;
            case "CONFIRMED" -> 2;
            default -> 3;
        };
    }

    private final Map<UUID, Session> sessions = new LinkedHashMap<>();
    private final Map<UUID, Instant> clientsCreated = new HashMap<>();
    private final Map<UUID, PaymentCaptured> captures = new HashMap<>();
    private final Set<UUID> returned = new HashSet<>();
    private final Map<String, PaymentRefunded> refunds = new HashMap<>();
    private final Map<UUID, Instant> quotationsSent = new HashMap<>();
    private final Map<UUID, Instant> quotationsAccepted = new HashMap<>();
    private ZoneId zone = DEFAULT_ZONE;
    private long zoneVersion = Long.MIN_VALUE;

    /** @param events one consultant's events in the order the topic tail read them (per partition, the topic's order) */
    DashboardRecount(List<SpecificRecord> events) {
        Set<UUID> seen = new HashSet<>();
        for (SpecificRecord event : events) {
            if (seen.add(EventMetadata.eventId(event))) {
                apply(event);
            }
        }
    }

    private void apply(SpecificRecord event) {
        switch (event) {
            case SessionBooked e -> {
                Session session = session(e.getSessionId());
                session.booked = true;
                session.clientId = e.getClientId();
                session.startsAt = e.getStartsAt();
                status(session, "PENDING");
            }
            case SessionConfirmed e -> {
                Session session = session(e.getSessionId());
                session.startsAt = e.getStartsAt();
                status(session, "CONFIRMED");
            }
            case SessionRescheduled e -> session(e.getSessionId()).startsAt = e.getStartsAt();
            case SessionCancelled e -> status(session(e.getSessionId()), "CANCELLED");
            case SessionCompleted e -> status(session(e.getSessionId()), "COMPLETED");
            case SessionNoShow e -> status(session(e.getSessionId()), "NO_SHOW");
            case SessionAbandoned e -> status(session(e.getSessionId()), "ABANDONED");
            case ClientCreated e -> clientsCreated.merge(e.getClientId(), e.getOccurredAt(), (a, b) -> a.isBefore(b) ? a : b);
            case PaymentCaptured e -> captures.merge(e.getPaymentId(), e,
                    (a, b) -> a.getOccurredAt().isAfter(b.getOccurredAt()) ? b : a);
            case PaymentReturned e -> returned.add(e.getPaymentId());
            case PaymentRefunded e -> refunds.putIfAbsent(e.getRefundId(), e);
            case QuotationSent e -> quotationsSent.merge(e.getQuotationId(), e.getOccurredAt(), (a, b) -> a.isBefore(b) ? a : b);
            case QuotationAccepted e -> quotationsAccepted.merge(e.getQuotationId(), e.getOccurredAt(), (a, b) -> a.isBefore(b) ? a : b);
            case ConsultantProfileUpdated e -> {
                if (e.getProfileVersion() > zoneVersion) {
                    zoneVersion = e.getProfileVersion();
                    zone = ZoneId.of(e.getTimezone());
                }
            }
            default -> {
            }
        }
    }

    private Session session(UUID id) {
        return sessions.computeIfAbsent(id, ignored -> new Session());
    }

    /** The topic's order sets the status; the furthest one is kept beside it only to name sessions that moved back. */
    private static void status(Session session, String status) {
        // A SessionBooked read after a later status event of its session (not possible on one partition) keeps that status.
        if (!"PENDING".equals(status) || session.status == null) {
            session.status = status;
        }
        if (session.furthest == null || level(status) > level(session.furthest)) {
            session.furthest = status;
        }
    }

    /**
     * The figures of the days {@code from} to {@code to} (both included) in the consultant's zone. Load consultants
     * keep one zone, so each instant is placed in the newest profile's zone.
     */
    Figures figures(LocalDate from, LocalDate to) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String field : List.of("totalSessions", "pendingSessions", "confirmedSessions", "completedSessions", "cancelledSessions",
                "noShows", "abandonedSessions", "totalClients", "newClients", "activeClients", "quotationsSent", "quotationsAccepted")) {
            counts.put(field, 0L);
        }
        Map<UUID, Integer> heldUpToEnd = new HashMap<>();
        Set<UUID> active = new HashSet<>();
        for (Session session : sessions.values()) {
            if (!session.booked || session.status == null) {
                continue;
            }
            LocalDate day = day(session.startsAt);
            boolean held = !session.status.equals("CANCELLED") && !session.status.equals("ABANDONED");
            if (held && !day.isAfter(to)) {
                heldUpToEnd.merge(session.clientId, 1, Integer::sum);
            }
            if (day.isBefore(from) || day.isAfter(to)) {
                continue;
            }
            if (!session.status.equals("ABANDONED")) {
                counts.merge("totalSessions", 1L, Long::sum);
            }
            counts.merge(switch (session.status) {
                case "PENDING" -> "pendingSessions";
                case "CONFIRMED" -> "confirmedSessions";
                case "COMPLETED" -> "completedSessions";
                case "CANCELLED" -> "cancelledSessions";
                case "NO_SHOW" -> "noShows";
                default -> "abandonedSessions";
            }, 1L, Long::sum);
            if (held) {
                active.add(session.clientId);
            }
        }
        counts.put("activeClients", (long) active.size());
        long repeat = active.stream().filter(client -> heldUpToEnd.getOrDefault(client, 0) >= 2).count();
        for (Instant created : clientsCreated.values()) {
            LocalDate day = day(created);
            if (!day.isAfter(to)) {
                counts.merge("totalClients", 1L, Long::sum);
                if (!day.isBefore(from)) {
                    counts.merge("newClients", 1L, Long::sum);
                }
            }
        }
        counts.put("quotationsSent", quotationsSent.values().stream().filter(at -> within(at, from, to)).count());
        counts.put("quotationsAccepted", quotationsAccepted.values().stream().filter(at -> within(at, from, to)).count());
        long gross = 0;
        long fees = 0;
        for (PaymentCaptured capture : captures.values()) {
            if (!returned.contains(capture.getPaymentId()) && within(capture.getOccurredAt(), from, to)) {
                gross += capture.getAmountMinor();
                fees += orZero(capture.getProviderFeeMinor()) + orZero(capture.getPlatformFeeMinor());
            }
        }
        for (PaymentRefunded refund : refunds.values()) {
            if (!returned.contains(refund.getPaymentId()) && within(refund.getOccurredAt(), from, to)) {
                gross -= refund.getAmountMinor();
            }
        }
        BigDecimal repeatRate = active.isEmpty() ? BigDecimal.ZERO
                : BigDecimal.valueOf(repeat * 100).divide(BigDecimal.valueOf(active.size()), 1, RoundingMode.HALF_UP);
        return new Figures(counts, repeatRate, gross, gross - fees);
    }

    /**
     * Sessions whose last status on the topic is behind the furthest one they had (booking-service moved them back),
     * where analytics-service's furthest-status rule would differ from their current status; each as
     * "id current/furthest".
     */
    List<String> movedBack() {
        return sessions.entrySet().stream()
                .filter(entry -> entry.getValue().booked && entry.getValue().status != null
                        && !entry.getValue().status.equals(entry.getValue().furthest))
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .map(entry -> entry.getKey() + " " + entry.getValue().status + "/" + entry.getValue().furthest)
                .toList();
    }

    private boolean within(Instant at, LocalDate from, LocalDate to) {
        LocalDate day = day(at);
        return !day.isBefore(from) && !day.isAfter(to);
    }

    private LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, zone);
    }

    private static long orZero(Long minor) {
        return minor == null ? 0 : minor;
    }
}
