package com.nakksha.booking.publicpage;

import com.nakksha.booking.consultant.SessionType;
import com.nakksha.defaults.input.MultiLine;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/**
 * A client's booking from the public page. There is no price in it: the price is the consultant's.
 * {@code timeZone} (IANA id, optional) is the client's zone: their manage link shows times in it.
 */
public record PublicBookingRequest(
        @NotNull Instant start,
        @NotNull SessionType type,
        @Min(5) @Max(720) Integer durationMinutes,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Email @Size(max = 255) String email,
        @Pattern(regexp = "\\+[0-9]{1,4}", message = "must look like +91") String phoneCountryCode,
        @Pattern(regexp = "[0-9]{4,15}", message = "must be 4 to 15 digits") String phoneNumber,
        @MultiLine @Size(max = 2000) String notes,
        @Size(max = 64) String timeZone) {
}
