package com.nakksha.notification.booking;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.nakksha.notification.mail.SendTimeCheck;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.parameter.Role;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import net.fortuna.ical4j.validate.ValidationException;

/**
 * The {@code .ics} sent with the client's booking mails (RFC 5545/5546), so calendars update one
 * event instead of adding another: one UID per session, SEQUENCE grows with every change,
 * METHOD:REQUEST for a booking or a move, METHOD:CANCEL with STATUS:CANCELLED for a cancellation;
 * DTSTART/DTEND in UTC; ical4j writes CRLF line ends and folds lines at 75 octets.
 */
final class CalendarInvites {

    static final String PRODUCT = "-//Nakksha//Notifications//EN";

    private CalendarInvites() {
    }

    /** The stable UID of a session's event. */
    static String uid(BookedSession session) {
        return session.sessionId() + "@nakksha";
    }

    static SendTimeCheck.Attachment request(BookedSession session, String organizerEmail, String organizerName, Instant now) {
        return attachment(session, organizerEmail, organizerName, now, false);
    }

    static SendTimeCheck.Attachment cancel(BookedSession session, String organizerEmail, String organizerName, Instant now) {
        return attachment(session, organizerEmail, organizerName, now, true);
    }

    private static SendTimeCheck.Attachment attachment(BookedSession session, String organizerEmail, String organizerName,
                                                       Instant now, boolean cancelled) {
        VEvent event = new VEvent(session.startsAt(), session.endsAt(), session.title());
        event.add(new Uid(uid(session)));
        event.add(new Sequence(session.icsSequence()));
        event.add(new DtStamp(now));
        event.add(cancelled ? ImmutableStatus.VEVENT_CANCELLED : ImmutableStatus.VEVENT_CONFIRMED);
        Organizer organizer = new Organizer(URI.create("mailto:" + organizerEmail));
        if (organizerName != null && !organizerName.isBlank()) {
            organizer.add(new Cn(organizerName));
        }
        event.add(organizer);
        Attendee attendee = new Attendee(URI.create("mailto:" + session.clientEmail()));
        attendee.add(Role.REQ_PARTICIPANT);
        attendee.add(new Cn(session.clientName()));
        event.add(attendee);
        if (session.meetingLink() != null) {
            event.add(new Location(session.meetingLink()));
            event.add(new Description("Join: " + session.meetingLink()));
        }
        Calendar calendar = new Calendar();
        calendar.add(new ProdId(PRODUCT));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(cancelled ? ImmutableMethod.CANCEL : ImmutableMethod.REQUEST);
        calendar.add(event);
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(false).output(calendar, out);
        } catch (IOException | ValidationException e) {
            throw new IllegalStateException("could not write the calendar invite", e);
        }
        String method = cancelled ? "CANCEL" : "REQUEST";
        return new SendTimeCheck.Attachment(cancelled ? "cancel.ics" : "invite.ics",
                "text/calendar; charset=UTF-8; method=" + method, out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
