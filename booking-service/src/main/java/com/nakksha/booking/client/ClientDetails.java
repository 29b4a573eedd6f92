package com.nakksha.booking.client;

import com.nakksha.defaults.input.MultiLine;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A client's contact details as the dashboard and the public booking form send them. */
public record ClientDetails(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Email @Size(max = 255) String email,
        @Pattern(regexp = "\\+[0-9]{1,4}", message = "must look like +91") String phoneCountryCode,
        @Pattern(regexp = "[0-9]{4,15}", message = "must be 4 to 15 digits") String phoneNumber,
        @MultiLine @Size(max = 500) String address,
        @Size(max = 100) String city,
        @Size(max = 100) String state,
        @Size(max = 100) String country) {

    public ClientDetails {
        name = name == null ? null : name.strip();
        email = email == null ? null : email.strip();
    }
}
