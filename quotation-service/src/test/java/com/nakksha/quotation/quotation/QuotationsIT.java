package com.nakksha.quotation.quotation;

import com.nakksha.events.QuotationSent;
import com.nakksha.events.QuotationWithdrawn;
import com.nakksha.quotation.AbstractQuotationIT;
import com.nakksha.schemas.Topic;
import com.nakksha.testsupport.PublishedEvents;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The consultant's dashboard: drafts, sending, duplicating, withdrawing, lists, totals, history and the PDF. */
class QuotationsIT extends AbstractQuotationIT {

    @Test
    void aDraftIsPricedByTheServer() {
        UUID consultant = UUID.randomUUID();
        dashboardOf(consultant).post().uri("/api/v1/quotations").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(draft(Map.of("finalAmount", "0.01"))).exchange().expectStatus().isBadRequest();
        Map<String, Object> created = create(consultant, draft(Map.of("baseAmount", "10.01", "discountPercentage", "50")));
        assertThat(created.get("status")).isEqualTo("DRAFT");
        assertThat(created.get("baseAmount")).isEqualTo(10.01);
        assertThat(created.get("finalAmount")).isEqualTo(5.01); // 500.5 paise, half-up
        assertThat(created.get("discountPercentage")).isEqualTo(50.00);
        assertThat(created.get("currency")).isEqualTo("INR");
        assertThat(count("SELECT final_amount_minor FROM quotation WHERE id = '" + created.get("id") + "'")).isEqualTo(501);
    }

    /** The PDF sets the description out in its paragraphs, so a draft must be able to hold them (single-line fields refuse line breaks). */
    @Test
    void aDescriptionAndNotesInParagraphsAreKeptAsWritten() {
        UUID consultant = UUID.randomUUID();
        String description = "Five pages and a blog.\n\nHosting for a year.";
        String notes = "Half up front.\r\nHalf on delivery.";

        Map<String, Object> created = create(consultant, draft(Map.of("description", description, "notes", notes)));

        assertThat(created).containsEntry("description", description).containsEntry("notes", notes);
        dashboardOf(consultant).post().uri("/api/v1/quotations").header("Idempotency-Key", UUID.randomUUID().toString())
                .bodyValue(draft(Map.of("name", "Website\nredesign"))).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("name");
    }

    @Test
    void createIsIdempotentPerKey() {
        UUID consultant = UUID.randomUUID();
        WebTestClient dashboard = dashboardOf(consultant);
        Map<String, Object> body = draft(Map.of("name", "Idempotent"));
        Map<String, Object> first = dashboard.post().uri("/api/v1/quotations").header("Idempotency-Key", "k-1").bodyValue(body)
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        Map<String, Object> again = dashboard.post().uri("/api/v1/quotations").header("Idempotency-Key", "k-1").bodyValue(body)
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        assertThat(again.get("id")).isEqualTo(first.get("id"));
        dashboard.post().uri("/api/v1/quotations").header("Idempotency-Key", "k-1").bodyValue(draft(Map.of("name", "Other")))
                .exchange().expectStatus().isEqualTo(422);
        dashboard.post().uri("/api/v1/quotations").bodyValue(body).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
        assertThat(count("SELECT count(*) FROM quotation WHERE consultant_id = '" + consultant + "'")).isEqualTo(1);
    }

    @Test
    void onlyDraftsAreEditable() {
        UUID consultant = UUID.randomUUID();
        UUID id = createId(consultant, draft(Map.of()));
        dashboardOf(consultant).put().uri("/api/v1/quotations/{id}", id)
                .bodyValue(draft(Map.of("name", "Logo design", "baseAmount", "800", "discountPercentage", "0")))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("Logo design").jsonPath("$.finalAmount").isEqualTo(800.00);
        send(consultant, id);
        dashboardOf(consultant).put().uri("/api/v1/quotations/{id}", id).bodyValue(draft(Map.of("name", "Changed after")))
                .exchange().expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("status");
        dashboardOf(consultant).get().uri("/api/v1/quotations/{id}", id).exchange()
                .expectBody().jsonPath("$.name").isEqualTo("Logo design");
    }

    @Test
    void sendingMailsTheLinkOnceAndASecondSendIsRefused() {
        UUID consultant = UUID.randomUUID();
        UUID id = createId(consultant, draft(Map.of("validityText", "Valid for 7 days",
                "expiresAt", Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS).toString())));
        WebTestClient dashboard = dashboardOf(consultant);
        Map<String, Object> sent = dashboard.post().uri("/api/v1/quotations/{id}/send", id).header("Idempotency-Key", "s-1")
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(sent.get("status")).isEqualTo("SENT");
        assertThat(sent.get("sentAt")).isNotNull();
        dashboard.post().uri("/api/v1/quotations/{id}/send", id).header("Idempotency-Key", "s-1")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.sentAt").isEqualTo(sent.get("sentAt"));
        dashboard.post().uri("/api/v1/quotations/{id}/send", id).header("Idempotency-Key", "s-2")
                .exchange().expectStatus().isEqualTo(409);

        QuotationSent event = PublishedEvents.await(Topic.QUOTATION_QUOTATION, QuotationSent.class,
                e -> e.getQuotationId().equals(id));
        assertThat(event.getConsultantId()).isEqualTo(consultant);
        assertThat(event.getClientEmail()).isEqualTo("ravi@example.in");
        assertThat(event.getAmountMinor()).isEqualTo(135000);
        assertThat(event.getCurrency()).isEqualTo("INR");
        assertThat(event.getShareUrl()).matches("http://localhost:8080/api/v1/public/quotations/[A-Za-z0-9_-]{43}");
        String token = event.getShareUrl().substring(event.getShareUrl().lastIndexOf('/') + 1);
        assertThat(count("SELECT count(*) FROM quotation WHERE share_token_hash = '" + ShareToken.sha256Hex(token) + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM quotation WHERE share_token_hash = '" + token + "'")).isZero();
        assertThat(PublishedEvents.within(Duration.ofSeconds(2), Topic.QUOTATION_QUOTATION, QuotationSent.class,
                e -> e.getQuotationId().equals(id))).hasSize(1);
    }

    @Test
    void theSentEventCarriesThePdfTheConsultantDownloadsForTheClientsMail() {
        UUID consultant = UUID.randomUUID();
        announceProfile(consultant, "Asha", "Rao", 1);
        UUID id = createId(consultant, draft(Map.of()));
        dashboardOf(consultant).post().uri("/api/v1/quotations/{id}/send", id).header("Idempotency-Key", "pdf-1")
                .exchange().expectStatus().isOk();

        QuotationSent event = PublishedEvents.await(Topic.QUOTATION_QUOTATION, QuotationSent.class,
                e -> e.getQuotationId().equals(id));

        byte[] attached = new byte[event.getPdf().remaining()];
        event.getPdf().duplicate().get(attached);
        assertThat(new String(attached, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(PdfText.of(attached)).contains("Quotation no. " + id, "Website redesign", "From: Asha Rao",
                "For: Ravi Kumar <ravi@example.in>", "Status: SENT", "Total: INR 1,350.00");
        byte[] downloaded = dashboardOf(consultant).get().uri("/api/v1/quotations/{id}/pdf", id).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(PdfText.of(attached)).as("the mail's document is the one the consultant downloads")
                .isEqualTo(PdfText.of(downloaded));
    }

    @Test
    void withoutAnExpiryASentQuotationGetsTheDefaultValidity() {
        UUID consultant = UUID.randomUUID();
        UUID id = createId(consultant, draft(Map.of()));
        send(consultant, id);
        Map<String, Object> view = dashboardOf(consultant).get().uri("/api/v1/quotations/{id}", id).exchange()
                .expectBody(MAP).returnResult().getResponseBody();
        Instant sentAt = Instant.parse((String) view.get("sentAt"));
        assertThat(Instant.parse((String) view.get("expiresAt"))).isEqualTo(sentAt.plus(Duration.ofDays(30)));
    }

    @Test
    void duplicateMakesADraftAndWithdrawTakesASentOneBack() {
        UUID consultant = UUID.randomUUID();
        UUID id = createId(consultant, draft(Map.of("name", "Original")));
        send(consultant, id);
        WebTestClient dashboard = dashboardOf(consultant);
        Map<String, Object> copy = dashboard.post().uri("/api/v1/quotations/{id}/duplicate", id).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        assertThat(copy.get("id")).isNotEqualTo(id.toString());
        assertThat(copy).containsEntry("status", "DRAFT").containsEntry("name", "Original").containsEntry("finalAmount", 1350.00);

        dashboard.post().uri("/api/v1/quotations/{id}/withdraw", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("WITHDRAWN").jsonPath("$.withdrawnAt").isNotEmpty();
        dashboard.post().uri("/api/v1/quotations/{id}/withdraw", copy.get("id")).exchange().expectStatus().isEqualTo(409);
    }

    /** The consultant's withdrawal went through but its answer was lost (a 503 from the gateway), so the client tries again. */
    @Test
    void withdrawingAgainAnswersAsTheFirstTimeAndChangesNothing() {
        UUID consultant = UUID.randomUUID();
        UUID id = createId(consultant, draft(Map.of()));
        send(consultant, id);
        WebTestClient dashboard = dashboardOf(consultant);
        Map<String, Object> first = dashboard.post().uri("/api/v1/quotations/{id}/withdraw", id).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(first).containsEntry("status", "WITHDRAWN");
        clock.advance(Duration.ofMinutes(1));

        Map<String, Object> again = dashboard.post().uri("/api/v1/quotations/{id}/withdraw", id).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();

        assertThat(again).isEqualTo(first);
        assertThat(again.get("withdrawnAt")).isNotNull().isEqualTo(first.get("withdrawnAt"));
        assertThat(again.get("updatedAt")).isEqualTo(first.get("updatedAt"));
        assertThat(count("SELECT count(*) FROM quotation_history WHERE action = 'WITHDRAWN' AND quotation_id = '" + id + "'"))
                .isEqualTo(1);
        assertThat(PublishedEvents.within(Duration.ofSeconds(3), Topic.QUOTATION_QUOTATION, QuotationWithdrawn.class,
                e -> e.getQuotationId().equals(id))).hasSize(1);
        // Other states are still refused.
        UUID draftId = createId(consultant, draft(Map.of()));
        dashboard.post().uri("/api/v1/quotations/{id}/withdraw", draftId).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("status");
    }

    @Test
    void duplicateWithAnIdempotencyKeyMakesOneDraftPerKey() {
        UUID consultant = UUID.randomUUID();
        UUID id = createId(consultant, draft(Map.of("name", "Original")));
        UUID other = createId(consultant, draft(Map.of("name", "Other")));
        WebTestClient dashboard = dashboardOf(consultant);
        Map<String, Object> first = dashboard.post().uri("/api/v1/quotations/{id}/duplicate", id).header("Idempotency-Key", "d-1")
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        assertThat(first).containsEntry("status", "DRAFT").containsEntry("name", "Original");
        clock.advance(Duration.ofMinutes(1));

        // The answer was lost; the retry with the same key gets it again and makes no second draft.
        Map<String, Object> again = dashboard.post().uri("/api/v1/quotations/{id}/duplicate", id).header("Idempotency-Key", "d-1")
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        assertThat(again.get("id")).isNotEqualTo(id.toString()).isEqualTo(first.get("id"));
        assertThat(again).isEqualTo(first);
        // The key with another request (another quotation to duplicate) is refused; a bad key is bad input.
        dashboard.post().uri("/api/v1/quotations/{id}/duplicate", other).header("Idempotency-Key", "d-1")
                .exchange().expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        dashboard.post().uri("/api/v1/quotations/{id}/duplicate", id).header("Idempotency-Key", "k".repeat(201))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
        assertThat(count("SELECT count(*) FROM quotation WHERE consultant_id = '" + consultant + "'")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM quotation_history WHERE action = 'DUPLICATED' AND quotation_id IN "
                + "(SELECT id FROM quotation WHERE consultant_id = '" + consultant + "')")).isEqualTo(1);

        // Without a key every call makes a draft, as before keys were taken.
        Map<String, Object> unkeyed = dashboard.post().uri("/api/v1/quotations/{id}/duplicate", id).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        Map<String, Object> unkeyedAgain = dashboard.post().uri("/api/v1/quotations/{id}/duplicate", id).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        assertThat(unkeyed.get("id")).isNotEqualTo(unkeyedAgain.get("id")).isNotEqualTo(first.get("id"));
        assertThat(count("SELECT count(*) FROM quotation WHERE consultant_id = '" + consultant + "'")).isEqualTo(5);
    }

    @Test
    void oneQuotationShowsItsHistory() {
        UUID consultant = UUID.randomUUID();
        UUID id = createId(consultant, draft(Map.of()));
        dashboardOf(consultant).put().uri("/api/v1/quotations/{id}", id).bodyValue(draft(Map.of("notes", "call first")))
                .exchange().expectStatus().isOk();
        send(consultant, id);
        dashboardOf(consultant).post().uri("/api/v1/quotations/{id}/withdraw", id).exchange().expectStatus().isOk();
        Map<String, Object> view = dashboardOf(consultant).get().uri("/api/v1/quotations/{id}", id).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = (List<Map<String, Object>>) view.get("history");
        assertThat(history).extracting(entry -> entry.get("action")).containsExactly("DRAFTED", "EDITED", "SENT", "WITHDRAWN");
        assertThat(view.get("notes")).isEqualTo("call first");
    }

    @Test
    void aQuotationForAnExistingClientTakesTheClientFromBooking() {
        UUID consultant = UUID.randomUUID();
        UUID clientId = announceClient(consultant, "Meera Iyer", "meera@example.in");
        Map<String, Object> body = draft(Map.of("clientId", clientId.toString()));
        body.remove("clientName");
        body.remove("clientEmail");
        Map<String, Object> created = create(consultant, body);
        assertThat(created.get("client")).isEqualTo(Map.of("id", clientId.toString(), "name", "Meera Iyer", "email", "meera@example.in"));

        UUID otherConsultant = UUID.randomUUID();
        dashboardOf(otherConsultant).post().uri("/api/v1/quotations").header("Idempotency-Key", "c-1").bodyValue(body)
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("clientId");
    }

    @Test
    void listsFilterSortPageAndTotal() {
        UUID consultant = UUID.randomUUID();
        UUID clientId = announceClient(consultant, "Meera Iyer", "meera@example.in");
        Map<String, Object> forClient = draft(Map.of("clientId", clientId.toString(), "name", "Tax filing", "baseAmount", "5000"));
        forClient.remove("clientName");
        forClient.remove("clientEmail");
        UUID tax = createId(consultant, forClient);
        UUID percent = createId(consultant, draft(Map.of("name", "100% refund_policy review", "baseAmount", "200", "discountPercentage", "0")));
        UUID plain = createId(consultant, draft(Map.of("name", "Audit", "clientName", "Arjun", "clientEmail", "arjun@corp.in",
                "baseAmount", "20000", "discountPercentage", "0")));
        send(consultant, plain);
        WebTestClient dashboard = dashboardOf(consultant);

        assertThat(ids(dashboard, "status=SENT")).containsExactly(plain.toString());
        assertThat(ids(dashboard, "status=DRAFT&sort=finalAmount,asc")).containsExactly(percent.toString(), tax.toString());
        assertThat(ids(dashboard, "clientId=" + clientId)).containsExactly(tax.toString());
        assertThat(dashboard.get().uri(builder -> builder.path("/api/v1/quotations").queryParam("q", "{q}").build("100%"))
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody().get("totalItems")).isEqualTo(1);
        assertThat(ids(dashboard, "q=refund_p")).containsExactly(percent.toString());
        assertThat(ids(dashboard, "q=_")).containsExactly(percent.toString());
        assertThat(ids(dashboard, "q=CORP.IN")).containsExactly(plain.toString());
        assertThat(ids(dashboard, "q=meera")).containsExactly(tax.toString());
        assertThat(ids(dashboard, "minAmount=1000&maxAmount=5000")).containsExactly(tax.toString());
        assertThat(ids(dashboard, "maxAmount=4499.99")).containsExactly(percent.toString());
        String future = Instant.now().plus(Duration.ofDays(1)).toString();
        String past = Instant.now().minus(Duration.ofDays(1)).toString();
        assertThat(ids(dashboard, "from=" + future)).isEmpty();
        assertThat(ids(dashboard, "to=" + past)).isEmpty();
        assertThat(ids(dashboard, "to=" + future + "&sort=name,asc")).containsExactly(percent.toString(), plain.toString(), tax.toString());
        assertThat(ids(dashboard, "from=" + past + "&to=" + future + "&status=DRAFT&q=a&sort=clientName,desc"))
                .containsExactly(percent.toString(), tax.toString());

        dashboard.get().uri("/api/v1/quotations?size=2&page=1&sort=name,asc").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.totalItems").isEqualTo(3).jsonPath("$.totalPages").isEqualTo(2)
                .jsonPath("$.items.length()").isEqualTo(1).jsonPath("$.items[0].id").isEqualTo(tax.toString());

        dashboard.get().uri("/api/v1/quotations/totals").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.quotations").isEqualTo(3)
                .jsonPath("$.byStatus[0].status").isEqualTo("DRAFT")
                .jsonPath("$.byStatus[0].quotations").isEqualTo(2)
                .jsonPath("$.byStatus[0].finalAmount").isEqualTo(4700.00)
                .jsonPath("$.byStatus[1].status").isEqualTo("SENT")
                .jsonPath("$.byStatus[1].finalAmount").isEqualTo(20000.00);
        dashboard.get().uri("/api/v1/quotations/totals?minAmount=1000").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.quotations").isEqualTo(2)
                .jsonPath("$.byStatus.length()").isEqualTo(2)
                .jsonPath("$.byStatus[0].finalAmount").isEqualTo(4500.00)
                .jsonPath("$.byStatus[1].status").isEqualTo("SENT");
    }

    @Test
    void everyFieldOfTheSeedIsKeptAndTheLinkShowsAllButTheNotes() {
        UUID consultant = UUID.randomUUID();
        Instant expiry = Instant.now().plus(Duration.ofDays(5)).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> created = create(consultant, draft(Map.of("validityText", "Valid for 5 days", "expiresAt", expiry.toString(),
                "imageUrl", "https://cdn.example.in/q/cover.png", "notes", "Client prefers mornings", "currency", "inr")));
        UUID id = UUID.fromString((String) created.get("id"));
        assertThat(created).containsEntry("name", "Website redesign").containsEntry("description", "Five pages and a blog")
                .containsEntry("baseAmount", 1500.00).containsEntry("discountPercentage", 10.00).containsEntry("finalAmount", 1350.00)
                .containsEntry("currency", "INR").containsEntry("validityText", "Valid for 5 days")
                .containsEntry("imageUrl", "https://cdn.example.in/q/cover.png").containsEntry("notes", "Client prefers mornings")
                .containsEntry("viewCount", 0).containsEntry("paid", false);
        assertThat(Stream.of("lastViewedAt", "sentAt", "viewedAt", "respondedAt").map(created::get)).containsOnlyNulls();
        @SuppressWarnings("unchecked")
        Map<String, Object> client = (Map<String, Object>) created.get("client");
        assertThat(client).containsEntry("name", "Ravi Kumar").containsEntry("email", "ravi@example.in");
        assertThat(client.get("id")).isNull();
        assertThat(Instant.parse((String) created.get("expiresAt"))).isEqualTo(expiry);
        String token = send(consultant, id);
        Map<String, Object> shown = browser("203.0.113.7").get().uri("/api/v1/public/quotations/{token}", token).exchange()
                .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        assertThat(Instant.parse((String) shown.get("expiresAt"))).isEqualTo(expiry);
        assertThat(shown).containsEntry("validityText", "Valid for 5 days")
                .containsEntry("imageUrl", "https://cdn.example.in/q/cover.png").containsEntry("description", "Five pages and a blog")
                .doesNotContainKey("notes");
    }

    @Test
    void theConsultantDownloadsAPdf() {
        UUID consultant = UUID.randomUUID();
        announceProfile(consultant, "Asha", "Rao", 1);
        UUID id = createId(consultant, draft(Map.of("description", "Hindi: नमस्ते and a very long line ".repeat(20))));
        byte[] pdf = dashboardOf(consultant).get().uri("/api/v1/quotations/{id}/pdf", id).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_PDF)
                .expectHeader().valueMatches("Content-Disposition", "attachment; filename=\"quotation-" + id + ".pdf\"")
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        String text = PdfText.of(pdf);
        assertThat(text).contains("Website redesign", "From: Asha Rao", "Ravi Kumar", "INR 1,500.00", "Discount: 10%", "INR 1,350.00");
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(WebTestClient dashboard, String query) {
        Map<String, Object> page = dashboard.get().uri("/api/v1/quotations?" + query).exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) page.get("items")).stream().map(item -> (String) item.get("id")).toList();
    }
}
