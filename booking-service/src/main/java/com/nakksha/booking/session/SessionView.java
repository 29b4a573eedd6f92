package com.nakksha.booking.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.nakksha.booking.availability.MeetingPlatform;
import com.nakksha.booking.consultant.SessionType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A session as the dashboard shows it: amount in major units, the meeting link it will use (its
 * own or the consultant's default for the platform), and, for a single session, where it was before
 * each reschedule and who moved it. {@code version} counts the session's writes; it is also the {@code ETag}.
 */
public record SessionView(
        UUID id,
        ClientReference client,
        String title,
        SessionType type,
        BookingSource source,
        Instant startsAt,
        Instant endsAt,
        int durationMinutes,
        BigDecimal amount,
        String currency,
        MeetingPlatform platform,
        String meetingLink,
        boolean ownMeetingLink,
        String notes,
        String consultantNotes,
        SessionStatus status,
        PaymentStatus paymentStatus,
        PaymentMethod paymentMethod,
        String paymentReference,
        Instant holdExpiresAt,
        String cancellationReason,
        Instant createdAt,
        Instant updatedAt,
        long version,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<RescheduleView> reschedules) {

    public record ClientReference(UUID id, String name, String email) {
    }

    public record RescheduleView(Instant previousStartsAt, int previousDurationMinutes, Instant startsAt,
                                 int durationMinutes, String reason, SessionEvent.ChangedBy rescheduledBy,
                                 Instant rescheduledAt) {
    }

    /** The session's version as an HTTP entity tag (RFC 9110), what {@code If-Match} names. */
    public String etag() {
        return "\"" + version + "\"";
    }

    public static SessionView of(SessionWithClient row, Map<MeetingPlatform, String> defaultLinks) {
        return of(row, defaultLinks, null);
    }

    static SessionView of(SessionWithClient row, Map<MeetingPlatform, String> defaultLinks, List<SessionRepository.Reschedule> history) {
        Session session = row.session();
        return new SessionView(session.id(), new ClientReference(session.clientId(), row.clientName(), row.clientEmail()),
                session.title(), session.type(), session.source(), session.startsAt(), session.endsAt(),
                (int) session.duration().toMinutes(), session.amount().toMajor(),
                session.amount().currency().getCurrencyCode(), session.platform(),
                session.effectiveMeetingLink(defaultLinks), session.meetingLink() != null, session.notes(),
                session.consultantNotes(), session.status(), session.paymentStatus(), session.paymentMethod(),
                session.paymentReference(), session.holdExpiresAt(), session.cancellationReason(), session.createdAt(),
                session.updatedAt(), session.version(),
                history == null ? null : history.stream().map(moved -> new RescheduleView(moved.previousStart(),
                        (int) moved.previousDuration().toMinutes(), moved.newStart(), (int) moved.newDuration().toMinutes(),
                        moved.reason(), moved.by(), moved.at())).toList());
    }
}
