package com.nakksha.booking.manage;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/** What a client sends through their manage link. */
final class ManageRequests {

    private ManageRequests() {
    }

    record Cancel(@NotBlank @Size(max = 500) String reason) {
    }

    /** @param start a free slot's start (UTC instant) from the consultant's public slots for the booking's type and length */
    record Reschedule(@NotNull Instant start, @Size(max = 500) String reason) {
    }
}
