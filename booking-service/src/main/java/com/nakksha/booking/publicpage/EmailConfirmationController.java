package com.nakksha.booking.publicpage;

import com.nakksha.booking.consultant.SessionType;
import com.nakksha.booking.session.PaymentStatus;
import com.nakksha.booking.session.Session;
import com.nakksha.booking.session.SessionService;
import com.nakksha.booking.session.SessionStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The link mailed to the booker of a free public booking (issue 14): the web app's page takes the token from the
 * link and posts it here, public (the token is the credential). A POST, not the link itself, so that a mail
 * scanner fetching links confirms nothing.
 */
@RestController
class EmailConfirmationController {

    /** @param token the {@code token} query parameter of the mailed link, as it is */
    record ConfirmEmailRequest(@NotBlank @Size(max = 512) String token) {
    }

    /** The booking as it is after confirming: CONFIRMED (and, costing nothing, PAID). */
    record ConfirmedBooking(UUID sessionId, SessionStatus status, PaymentStatus paymentStatus, SessionType type,
                            String title, Instant start, Instant end, int durationMinutes) {
    }

    private final SessionService sessions;

    EmailConfirmationController(SessionService sessions) {
        this.sessions = sessions;
    }

    @PostMapping("/api/v1/public/bookings/confirm-email")
    @Operation(summary = "Confirm a free booking by the link mailed to its booker",
            description = "A free public booking stays PENDING, holding its time, until the booker posts the token of "
                    + "the link mailed to them; then it is CONFIRMED and the confirmation mail with the calendar invite "
                    + "goes out. Posting it again answers the same. Unconfirmed when its hold runs out, it is ABANDONED.")
    @ApiResponse(responseCode = "200", description = "Confirmed now or before")
    @ApiResponse(responseCode = "400", description = "The token is not one this service issued, or was altered (field token)")
    @ApiResponse(responseCode = "409", description = "The booking was cancelled meanwhile")
    @ApiResponse(responseCode = "410", description = "The link or the booking's hold ran out; the time was given back")
    Mono<ConfirmedBooking> confirm(@Valid @RequestBody ConfirmEmailRequest request) {
        return sessions.confirmEmail(request.token()).map(EmailConfirmationController::view);
    }

    private static ConfirmedBooking view(Session session) {
        return new ConfirmedBooking(session.id(), session.status(), session.paymentStatus(), session.type(),
                session.title(), session.startsAt(), session.endsAt(), (int) session.duration().toMinutes());
    }
}
