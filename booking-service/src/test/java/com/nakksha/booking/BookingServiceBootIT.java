package com.nakksha.booking;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.nakksha.testsupport.ServiceBootContract;
import com.nakksha.testsupport.TestClock;
import com.nakksha.testsupport.fuzz.AcceptedRequest;
import com.nakksha.testsupport.fuzz.ApiFuzzer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;

@BookingServiceTest
class BookingServiceBootIT extends ServiceBootContract {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };
    // Open 09:00-17:00 every day: eight one-hour sessions a day, none sharing an hour.
    private static final int SLOTS_A_DAY = 8;

    @Autowired
    private TestClock clock;

    private final AtomicInteger slots = new AtomicInteger();

    /**
     * The richest bodies reach past validation: a public booking of a free slot, a reschedule by manage link to
     * another, a manual session for a new client, and availability, each of a consultant of its own (the fuzzed
     * availability may move one's hours; the slots below are the other's).
     */
    @Override
    protected ApiFuzzer apiFuzzer(ApiFuzzer signedByTestTokens) {
        clock.reset();
        TestConsultant booked = openConsultant();
        TestConsultant reshaped = openConsultant();
        return signedByTestTokens
                .withAccepted("POST /api/v1/public/consultants/{slug}/bookings", () -> publicBooking(booked))
                .withAccepted("POST /api/v1/public/bookings/{token}/reschedule", () -> {
                    String manageToken = (String) book(booked).get("manageToken");
                    return AcceptedRequest.json("POST", "/api/v1/public/bookings/" + manageToken + "/reschedule", null,
                            json(Map.of("start", nextSlot().toString(), "reason", "Clash at work")));
                })
                .withAccepted("POST /api/v1/sessions", () -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("newClient", Map.of("name", "Walk In", "email", freshEmail(), "phoneCountryCode", "+91",
                            "phoneNumber", "9812345678"));
                    body.put("title", "Career call");
                    body.put("type", "PERSONAL");
                    body.put("startsAt", nextSlot().toString());
                    body.put("durationMinutes", 60);
                    body.put("amount", "1200.00");
                    body.put("paymentStatus", "PAID");
                    body.put("paymentMethod", "CASH");
                    body.put("platform", "ZOOM");
                    body.put("notes", "bring CV");
                    return AcceptedRequest.json("POST", "/api/v1/sessions", booked.token(), json(body))
                            .withHeader("Idempotency-Key", UUID.randomUUID().toString());
                })
                .withAccepted("PUT /api/v1/availability", () -> AcceptedRequest.json("PUT", "/api/v1/availability", reshaped.token(),
                        json(AvailabilityJson.openEveryDay("Asia/Kolkata", "09:00", "17:00"))));
    }

    private TestConsultant openConsultant() {
        TestConsultant consultant = TestConsultant.approved(web, "Asia/Kolkata", 150000L, 49900L);
        web.put().uri("/api/v1/availability").headers(headers -> headers.setBearerAuth(consultant.token()))
                .bodyValue(AvailabilityJson.openEveryDay("Asia/Kolkata", "09:00", "17:00")).exchange().expectStatus().isOk();
        return consultant;
    }

    private AcceptedRequest publicBooking(TestConsultant consultant) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("start", nextSlot().toString());
        body.put("type", "PERSONAL");
        body.put("durationMinutes", 60);
        body.put("name", "Meera Iyer");
        body.put("email", freshEmail());
        body.put("phoneCountryCode", "+91");
        body.put("phoneNumber", "9812345678");
        body.put("notes", "first call");
        return AcceptedRequest.json("POST", "/api/v1/public/consultants/" + consultant.slug() + "/bookings", null, json(body))
                .withHeader("Idempotency-Key", UUID.randomUUID().toString());
    }

    private Map<String, Object> book(TestConsultant consultant) {
        AcceptedRequest booking = publicBooking(consultant);
        return web.post().uri(booking.pathAndQuery()).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(booking.jsonBody())
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
    }

    /** The next hour nobody was given yet, from the day after tomorrow on, in the consultant's opening hours. */
    private Instant nextSlot() {
        int slot = slots.getAndIncrement();
        return LocalDate.ofInstant(clock.instant(), KOLKATA).plusDays(2 + slot / SLOTS_A_DAY)
                .atTime(9 + slot % SLOTS_A_DAY, 0).atZone(KOLKATA).toInstant();
    }

    private static String freshEmail() {
        return "fuzz-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static String json(Object value) {
        return JSON.writeValueAsString(value);
    }
}
