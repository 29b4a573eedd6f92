package com.nakksha.booking.publicpage;

import com.nakksha.booking.AvailabilityJson;
import com.nakksha.booking.AbstractBookingIT;
import com.nakksha.booking.TestConsultant;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PublicPageIT extends AbstractBookingIT {

    @Test
    void aPageExistsOnlyWhileTheConsultantIsApprovedAndNotSuspended() {
        TestConsultant pending = TestConsultant.registered();
        pending.profile("Asia/Kolkata", 150000L, null, 1);
        TestConsultant approved = TestConsultant.approved(web, "Asia/Kolkata", 150000L, 49900L);

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                web.get().uri("/api/v1/public/consultants/{slug}", pending.slug()).exchange()
                        .returnResult(String.class).getStatus().value() == 404);
        web.get().uri("/api/v1/public/consultants/{slug}", approved.slug()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.slug").isEqualTo(approved.slug())
                .jsonPath("$.name").isEqualTo("Asha Rao")
                .jsonPath("$.timeZone").isEqualTo("Asia/Kolkata")
                .jsonPath("$.offers[0].type").isEqualTo("PERSONAL")
                .jsonPath("$.offers[0].title").isEqualTo("Career call")
                .jsonPath("$.offers[0].price").isEqualTo(1500.00)
                .jsonPath("$.offers[0].currency").isEqualTo("INR")
                .jsonPath("$.offers[1].type").isEqualTo("WEBINAR")
                .jsonPath("$.offers[1].price").isEqualTo(499.00);

        approved.suspend();

        await().atMost(Duration.ofSeconds(30)).until(() ->
                web.get().uri("/api/v1/public/consultants/{slug}", approved.slug()).exchange()
                        .returnResult(String.class).getStatus().value() == 404);
        web.get().uri("/api/v1/public/consultants/{slug}/slots?from=2030-01-01&to=2030-01-02", approved.slug()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/v1/public/consultants/no-such-consultant").exchange().expectStatus().isNotFound();
    }

    @Test
    void anApprovalDeliveredAfterANewerSuspensionKeepsThePageClosedUntilTheConsultantIsReinstated() {
        TestConsultant consultant = TestConsultant.registered();
        consultant.profile("Asia/Kolkata", 150000L, null, 1);
        consultant.suspend(5L);
        // The approval of account version 3, re-driven from the dead-letter topic after the suspension of version 5.
        UUID staleApproval = consultant.approve(3L);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                count("SELECT count(*) FROM inbox_event WHERE event_id::text = '" + staleApproval + "'") == 1);
        web.get().uri("/api/v1/public/consultants/{slug}", consultant.slug()).exchange().expectStatus().isNotFound();

        consultant.approve(6L);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                web.get().uri("/api/v1/public/consultants/{slug}", consultant.slug()).exchange()
                        .returnResult(String.class).getStatus().value() == 200);
    }

    @Test
    void theProfilesZoneIsTheAvailabilitysAndAChangeKeepsTheWallClockHours() {
        TestConsultant consultant = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);
        Map<String, Object> hours = AvailabilityJson.openEveryDay("Asia/Kolkata", "09:00", "10:00");
        hours.remove("timeZone");
        hours.put("slotIntervalMinutes", 60);
        web.put().uri("/api/v1/availability").headers(h -> h.setBearerAuth(consultant.token())).bodyValue(hours).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.timeZone").isEqualTo("Asia/Kolkata");

        consultant.profile("Europe/London", 150000L, null, 2);

        await().atMost(Duration.ofSeconds(30)).until(() -> web.get().uri("/api/v1/public/consultants/{slug}", consultant.slug())
                .exchange().expectBody(Map.class).returnResult().getResponseBody().get("timeZone").equals("Europe/London"));
        web.get().uri("/api/v1/availability").headers(h -> h.setBearerAuth(consultant.token())).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.timeZone").isEqualTo("Europe/London")
                .jsonPath("$.weeklyHours.MONDAY[0].start").isEqualTo("09:00");
        LocalDate day = LocalDate.now(ZoneId.of("Europe/London")).plusDays(7);
        web.get().uri("/api/v1/public/consultants/{slug}/slots?from={day}&to={day}", consultant.slug(), day, day).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.slots.length()").isEqualTo(1)
                .jsonPath("$.slots[0].localStart").value(start -> assertThat((String) start).startsWith(day + "T09:00:00"));
        hours.put("timeZone", "Asia/Kolkata");
        web.put().uri("/api/v1/availability").headers(h -> h.setBearerAuth(consultant.token())).bodyValue(hours).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("timeZone");
    }

    @Test
    void aPageIsFoundInAnyLetterCase() {
        TestConsultant consultant = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);

        web.get().uri("/api/v1/public/consultants/{slug}", consultant.slug().toUpperCase(Locale.ROOT)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.slug").isEqualTo(consultant.slug());
    }

    @Test
    void aLeftSlugRedirectsToTheNewOneUntilSomeoneElseTakesIt() {
        TestConsultant before = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);
        TestConsultant after = before.withSlug(before.slug() + "-new", 150000L, 2);

        await().atMost(Duration.ofSeconds(30)).until(() -> web.get().uri("/api/v1/public/consultants/{slug}", after.slug())
                .exchange().returnResult(String.class).getStatus().value() == 200);
        web.get().uri("/api/v1/public/consultants/{slug}/slots?from=2030-01-01&to=2030-01-02", before.slug().toUpperCase(Locale.ROOT))
                .exchange()
                .expectStatus().isEqualTo(308)
                .expectHeader().location("/api/v1/public/consultants/" + after.slug() + "/slots?from=2030-01-01&to=2030-01-02");
        web.get().uri("/api/v1/public/consultants/{slug}", before.slug()).exchange()
                .expectStatus().isEqualTo(308)
                .expectHeader().location("/api/v1/public/consultants/" + after.slug());

        TestConsultant taker = TestConsultant.approved(web, "Asia/Kolkata", 200000L, null).withSlug(before.slug(), 200000L, 2);

        await().atMost(Duration.ofSeconds(30)).until(() -> web.get().uri("/api/v1/public/consultants/{slug}", taker.slug())
                .exchange().returnResult(String.class).getStatus().value() == 200);
        web.get().uri("/api/v1/public/consultants/{slug}", before.slug()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.offers[0].price").isEqualTo(2000.00);
    }

    @Test
    void aStaleProfileEventDoesNotTakeTheSlugFromItsNewHolder() {
        TestConsultant first = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);
        String slug = first.slug();
        TestConsultant moved = first.withSlug(slug + "-moved", 150000L, 2);
        TestConsultant holder = TestConsultant.approved(web, "Asia/Kolkata", 200000L, null).withSlug(slug, 200000L, 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> web.get().uri("/api/v1/public/consultants/{slug}", slug)
                .exchange().returnResult(String.class).getStatus().value() == 200
                && web.get().uri("/api/v1/public/consultants/{slug}", moved.slug())
                .exchange().returnResult(String.class).getStatus().value() == 200);

        first.profile("Asia/Kolkata", 150000L, null, 1);
        TestConsultant marker = moved.withSlug(slug + "-marker", 150000L, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> web.get().uri("/api/v1/public/consultants/{slug}", marker.slug())
                .exchange().returnResult(String.class).getStatus().value() == 200);

        web.get().uri("/api/v1/public/consultants/{slug}", holder.slug()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.offers[0].price").isEqualTo(2000.00);
    }

    @Test
    void slotsKeepTheConsultantsWallClockAcrossTheNextNewYorkClockChangeAndShowInKolkataTime() {
        ZoneId newYork = ZoneId.of("America/New_York");
        TestConsultant consultant = consultantWithHours("America/New_York", "09:00", "10:00");
        ZoneOffsetTransition change = newYork.getRules().nextTransition(Instant.now().plus(Duration.ofDays(2)));
        LocalDate before = change.getDateTimeBefore().toLocalDate().minusDays(1);
        LocalDate after = change.getDateTimeAfter().toLocalDate().plusDays(1);

        List<Map<String, Object>> slots = slots(consultant, before, after, "Asia/Kolkata");

        assertThat(slots).hasSize(3);
        Instant first = Instant.parse((String) slots.getFirst().get("start"));
        Instant last = Instant.parse((String) slots.getLast().get("start"));
        assertThat(first).isEqualTo(before.atTime(LocalTime.of(9, 0)).toInstant(change.getOffsetBefore()));
        assertThat(last).isEqualTo(after.atTime(LocalTime.of(9, 0)).toInstant(change.getOffsetAfter()));
        for (Map<String, Object> slot : slots) {
            Instant start = Instant.parse((String) slot.get("start"));
            assertThat(start.atZone(newYork).toLocalTime()).isEqualTo(LocalTime.of(9, 0));
            assertThat(slot.get("localStart"))
                    .isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(start.atOffset(ZoneOffset.ofHoursMinutes(5, 30))));
        }
    }

    @Test
    void londonSlotsFollowTheNextBritishClockChange() {
        ZoneId london = ZoneId.of("Europe/London");
        TestConsultant consultant = consultantWithHours("Europe/London", "09:00", "10:00");
        ZoneOffsetTransition change = london.getRules().nextTransition(Instant.now().plus(Duration.ofDays(2)));
        LocalDate day = change.getDateTimeBefore().toLocalDate();

        List<Map<String, Object>> slots = slots(consultant, day.minusDays(1), day, "Europe/London");

        assertThat(slots).extracting(slot -> Instant.parse((String) slot.get("start"))).containsExactly(
                day.minusDays(1).atTime(9, 0).toInstant(change.getOffsetBefore()),
                day.atTime(9, 0).toInstant(change.getOffsetAfter()));
        assertThat(slots).extracting(slot -> ((String) slot.get("localStart")).substring(11, 16)).containsOnly("09:00");
    }

    @Test
    void kolkataHalfHourOffsetIsKeptForAViewerInNewYork() {
        TestConsultant consultant = consultantWithHours("Asia/Kolkata", "10:00", "11:00");
        LocalDate day = LocalDate.now(ZoneId.of("Asia/Kolkata")).plusDays(3);

        List<Map<String, Object>> slots = slots(consultant, day, day, "Asia/Kolkata");

        assertThat(slots).singleElement().satisfies(slot -> {
            assertThat(slot.get("start")).isEqualTo(day.atTime(4, 30).toInstant(ZoneOffset.UTC).toString());
            assertThat(slot.get("localStart")).isEqualTo(day + "T10:00:00+05:30");
        });
        ZoneId newYork = ZoneId.of("America/New_York");
        Instant start = day.atTime(4, 30).toInstant(ZoneOffset.UTC);
        LocalDate newYorkDay = start.atZone(newYork).toLocalDate();
        assertThat(slots(consultant, newYorkDay, newYorkDay, "America/New_York"))
                .extracting(slot -> slot.get("localStart"))
                .contains(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(start.atZone(newYork).toOffsetDateTime()));
    }

    @Test
    void refusesRangesOverNinetyTwoDaysUnknownZonesAndTypesNotOffered() {
        TestConsultant consultant = TestConsultant.approved(web, "Asia/Kolkata", 150000L, null);

        web.get().uri("/api/v1/public/consultants/{slug}/slots?from=2030-01-01&to=2030-04-03", consultant.slug()).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("to");
        web.get().uri("/api/v1/public/consultants/{slug}/slots?from=2030-01-01&to=2030-04-02", consultant.slug()).exchange()
                .expectStatus().isOk();
        web.get().uri("/api/v1/public/consultants/{slug}/slots?from=2030-01-01&to=2030-01-02&timeZone=Mars/Base", consultant.slug())
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("timeZone");
        web.get().uri("/api/v1/public/consultants/{slug}/slots?from=2030-01-01&to=2030-01-02&type=WEBINAR", consultant.slug())
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("type");
        web.get().uri("/api/v1/public/consultants/{slug}/slots?from=yesterday&to=2030-01-02", consultant.slug())
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("from");
    }

    private TestConsultant consultantWithHours(String zone, String from, String to) {
        TestConsultant consultant = TestConsultant.approved(web, zone, 150000L, null);
        Map<String, Object> availability = AvailabilityJson.openEveryDay(zone, from, to);
        availability.put("slotIntervalMinutes", 60);
        web.put().uri("/api/v1/availability").headers(headers -> headers.setBearerAuth(consultant.token()))
                .bodyValue(availability).exchange().expectStatus().isOk();
        return consultant;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> slots(TestConsultant consultant, LocalDate from, LocalDate to, String zone) {
        Map<String, Object> body = web.get()
                .uri("/api/v1/public/consultants/{slug}/slots?from={from}&to={to}&timeZone={zone}", consultant.slug(), from, to, zone)
                .exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (List<Map<String, Object>>) body.get("slots");
    }
}
