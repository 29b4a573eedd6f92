package com.nakksha.booking.session;

import com.nakksha.booking.availability.MeetingPlatform;
import com.nakksha.booking.client.ClientDetails;
import com.nakksha.booking.consultant.SessionType;
import com.nakksha.defaults.input.MultiLine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the dashboard sends to create and change sessions. Amounts are in major units of the consultant's currency. */
public final class SessionRequests {

    static final String WEB_ADDRESS = "^$|^https?://[^\\s]+$";

    private SessionRequests() {
    }

    /**
     * A session the consultant records, for an existing client ({@code clientId}) or a new one
     * ({@code newClient}). A deactivated client is refused (409) unless {@code reactivateClient} is
     * true, which reactivates them together with the session.
     */
    public record NewSession(
            UUID clientId,
            @Valid ClientDetails newClient,
            @NotBlank @Size(max = 300) String title,
            @NotNull SessionType type,
            @NotNull Instant startsAt,
            @NotNull @Min(5) @Max(720) Integer durationMinutes,
            @NotNull @DecimalMin("0") @Digits(integer = 10, fraction = 3) BigDecimal amount,
            @NotNull MeetingPlatform platform,
            @Size(max = 500) @Pattern(regexp = WEB_ADDRESS, message = "must be an http(s) address") String meetingLink,
            @MultiLine @Size(max = 5000) String notes,
            @MultiLine @Size(max = 5000) String consultantNotes,
            SessionStatus status,
            PaymentStatus paymentStatus,
            PaymentMethod paymentMethod,
            Boolean reactivateClient) {
    }

    /** Changes to a session; what is left out stays as it is. An empty meeting link falls back to the default. */
    public record SessionChanges(
            @Size(min = 1, max = 300) String title,
            @DecimalMin("0") @Digits(integer = 10, fraction = 3) BigDecimal amount,
            MeetingPlatform platform,
            @Size(max = 500) @Pattern(regexp = WEB_ADDRESS, message = "must be an http(s) address") String meetingLink,
            @MultiLine @Size(max = 5000) String notes,
            @MultiLine @Size(max = 5000) String consultantNotes,
            SessionStatus status,
            @Size(max = 500) String cancellationReason,
            PaymentStatus paymentStatus,
            PaymentMethod paymentMethod) {
    }

    /**
     * A new time (and optionally length) for a session. It must be a time the consultant's
     * availability offers, as on the public page, unless {@code outsideAvailability} says the
     * consultant means to move it elsewhere.
     */
    public record Reschedule(
            @NotNull Instant startsAt,
            @Min(5) @Max(720) Integer durationMinutes,
            @Size(max = 500) String reason,
            Boolean outsideAvailability) {

        boolean checksAvailability() {
            return !Boolean.TRUE.equals(outsideAvailability);
        }
    }

    public record Cancellation(@NotBlank @Size(max = 500) String reason) {
    }

    public enum BulkAction {
        MARK_COMPLETED,
        MARK_PAID
    }

    public record BulkUpdate(
            @NotEmpty @Size(max = 100) List<@NotNull UUID> ids,
            @NotNull BulkAction action,
            PaymentMethod paymentMethod) {
    }
}
