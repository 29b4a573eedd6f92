package com.nakksha.quotation.quotation;

import com.nakksha.defaults.input.MultiLine;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Bodies of the quotation endpoints. Amounts are decimal major units (rupees), at most two decimals. */
final class QuotationRequests {

    private QuotationRequests() {
    }

    /**
     * A draft, new or replacing an existing draft's details. The client is either {@code clientId}, an
     * existing client of the consultant, or {@code clientName} and {@code clientEmail}.
     *
     * @param baseAmount in major units, e.g. 1500.00 for ₹1,500
     * @param discountPercentage 0 to 100, at most two decimals; absent means 0
     * @param currency ISO 4217; only INR is accepted (Razorpay INR first); absent means INR
     * @param expiresAt UTC instant; absent means the default validity from the moment it is sent
     */
    record Draft(UUID clientId,
                 @Size(max = 200) String clientName,
                 @Email @Size(max = 255) String clientEmail,
                 @NotBlank @Size(max = 300) String name,
                 @MultiLine @Size(max = 5000) String description,
                 @NotNull BigDecimal baseAmount,
                 BigDecimal discountPercentage,
                 @Size(max = 3) String currency,
                 @Size(max = 100) String validityText,
                 Instant expiresAt,
                 @Size(max = 500) String imageUrl,
                 @MultiLine @Size(max = 5000) String notes) {
    }

    /** @param reason why the client declines; optional */
    record Rejection(@Size(max = 1000) String reason) {
    }
}
