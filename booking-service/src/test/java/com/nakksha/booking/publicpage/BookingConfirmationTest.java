package com.nakksha.booking.publicpage;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class BookingConfirmationTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anAnswerStoredBeforeEmailConfirmationExistedReplaysAsAwaitingNothing() {
        String stored = """
                {"sessionId":"6f1c2a7e-8d0b-4a7e-9c51-0d8e3b9f2a11","status":"CONFIRMED","paymentStatus":"PAID",
                 "type":"PERSONAL","title":"Career call","start":"2030-01-01T04:30:00Z","end":"2030-01-01T05:30:00Z",
                 "durationMinutes":60,"amount":0,"currency":"INR","holdExpiresAt":null,"consultantTimeZone":"Asia/Kolkata",
                 "payableId":"6f1c2a7e-8d0b-4a7e-9c51-0d8e3b9f2a11","paymentCapability":null,
                 "manageToken":"AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde",
                 "managePath":"/api/v1/public/bookings/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde"}""";

        BookingConfirmation replayed = json.readValue(stored, BookingConfirmation.class);

        assertThat(replayed.awaitingEmailConfirmation()).isFalse();
        assertThat(json.readValue(json.writeValueAsString(replayed), BookingConfirmation.class)).isEqualTo(replayed);
    }
}
