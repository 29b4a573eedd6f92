package com.nakksha.quotation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.nakksha.testsupport.ServiceBootContract;
import com.nakksha.testsupport.TestTokens;
import com.nakksha.testsupport.fuzz.AcceptedRequest;
import com.nakksha.testsupport.fuzz.ApiFuzzer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;

@QuotationServiceTest
class QuotationServiceBootIT extends ServiceBootContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    /** A draft with every field, created and edited: the fuzzer changes one field of each at a time. */
    @Override
    protected ApiFuzzer apiFuzzer(ApiFuzzer signedByTestTokens) {
        String token = TestTokens.approvedConsultant(UUID.randomUUID());
        return signedByTestTokens
                .withAccepted("POST /api/v1/quotations", () -> AcceptedRequest.json("POST", "/api/v1/quotations", token, fullDraft())
                        .withHeader("Idempotency-Key", UUID.randomUUID().toString()))
                .withAccepted("PUT /api/v1/quotations/{id}", () -> {
                    Map<String, Object> created = web.post().uri("/api/v1/quotations").headers(headers -> headers.setBearerAuth(token))
                            .header("Idempotency-Key", UUID.randomUUID().toString()).contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(fullDraft()).exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
                    return AcceptedRequest.json("PUT", "/api/v1/quotations/" + created.get("id"), token, fullDraft());
                });
    }

    private static String fullDraft() {
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("clientName", "Ravi Kumar");
        draft.put("clientEmail", "ravi@example.in");
        draft.put("name", "Website redesign");
        draft.put("description", "Five pages and a blog.\n\nHosting for a year.");
        draft.put("baseAmount", "1500.00");
        draft.put("discountPercentage", "10");
        draft.put("currency", "INR");
        draft.put("validityText", "Valid for 30 days");
        draft.put("expiresAt", Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        draft.put("imageUrl", "https://example.in/cover.png");
        draft.put("notes", "Half up front.\nHalf on delivery.");
        return JSON.writeValueAsString(draft);
    }
}
