package com.nakksha.local.journeys;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.nakksha.local.SharedStack;
import org.apache.commons.codec.digest.DigestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An approved consultant with prices and open hours, made through the gateway as in
 * {@link PlatformJourneysIT}'s first step (signup, the verification link read from the mail the consultant
 * gets in the launcher's mail catcher, verify, prices, admin approval, refresh, availability),
 * for journeys that need one and nothing else from that class.
 */
public final class ConsultantOnboarding {

    /** Every onboarded consultant's password. */
    static final String PASSWORD = "Journey-through-Nakksha-2026";
    private static final Duration EVENTUAL = Duration.ofSeconds(60);
    /** The link notification-service mails: the app's verify page with the token, URL-encoded. */
    private static final Pattern VERIFICATION_LINK = Pattern.compile("https?://[^\\s\"'<>]+/verify-email\\?token=([^\\s\"'<>&]+)");

    private ConsultantOnboarding() {
    }

    /** @param accessToken the approved consultant's token; {@code refreshToken} gets the next one; {@code email} logs in with {@link #PASSWORD} */
    public record Consultant(String id, String slug, String accessToken, String refreshToken, String email) {
    }

    /**
     * A consultant charging ₹1,500 for 30 personal minutes, open around the clock in Asia/Kolkata. The consultant signs
     * up and sets up from a device of their own ({@link PlatformClient#onANewAddress}); {@code client} approves them
     * as the admin and waits for the public page.
     */
    public static Consultant approvedConsultant(PlatformClient client, AdminLogin admin) throws Exception {
        String email = "meera." + UUID.randomUUID().toString().substring(0, 8) + "@example.in";
        // The gateway's auth routes keep their shipped per-address limits (10 at once, then one every 2 s). Onboarding
        // the run's consultants from one address spent that bucket, and the journeys running side by side waited out
        // each other's 429s, the CPU idle; any 429 left is still waited out as its Retry-After says.
        PlatformClient device = PlatformClient.onANewAddress();
        PlatformClient.Response signup = PlatformClient.honouringRetryAfter(() -> device.post("/api/v1/auth/signup", null, Map.of(
                "email", email, "password", PASSWORD, "firstName", "Meera", "lastName", "Iyer", "phoneNumber", "9876543210")));
        assertThat(signup.status()).as(signup.toString()).isEqualTo(201);

        verifyFromTheMail(device, email);
        PlatformClient.Response login = PlatformClient.honouringRetryAfter(() -> device.post("/api/v1/auth/login", null, Map.of("email", email, "password", PASSWORD)));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);

        PlatformClient.Response me = device.get("/api/v1/consultants/me", login.text("accessToken"));
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        String slug = me.text("slug");
        String consultantId = me.text("id");
        PlatformClient.Response profile = device.put("/api/v1/consultants/me", login.text("accessToken"), profileWithPrices(me));
        assertThat(profile.status()).as(profile.toString()).isEqualTo(200);

        PlatformClient.Response approval = client.post("/api/v1/admin/consultants/" + consultantId + "/approve",
                admin.accessToken(), Map.of());
        assertThat(approval.status()).as(approval.toString()).isBetween(200, 204);
        PlatformClient.Response refreshed = PlatformClient.honouringRetryAfter(() -> device.post("/api/v1/auth/refresh", null,
                Map.of("refreshToken", login.text("refreshToken"))));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        String accessToken = refreshed.text("accessToken");

        // The public page opens once booking-service has applied ConsultantApproved from Kafka.
        await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(250))
                .until(() -> client.get("/api/v1/public/consultants/" + slug, null).status() == 200);
        PlatformClient.Response availability = device.put("/api/v1/availability", accessToken, openAllWeek());
        assertThat(availability.status()).as(availability.toString()).isEqualTo(200);
        return new Consultant(consultantId, slug, accessToken, refreshed.text("refreshToken"), email);
    }

    /** The free PERSONAL slots of {@code consultant}'s public page on {@code day} (Asia/Kolkata), in order. */
    static List<Instant> freeSlots(PlatformClient client, Consultant consultant, LocalDate day) {
        PlatformClient.Response slots = client.get("/api/v1/public/consultants/" + consultant.slug() + "/slots?from=" + day + "&to=" + day
                + "&type=PERSONAL&timeZone=Asia/Kolkata", null);
        assertThat(slots.status()).as(slots.toString()).isEqualTo(200);
        return slots.json().path("slots").valueStream().map(slot -> OffsetDateTime.parse(slot.path("start").asString()).toInstant()).toList();
    }

    /** The first of {@link #freeSlots}; fails the test when there is none. */
    static Instant firstFreeSlot(PlatformClient client, Consultant consultant, LocalDate day) {
        List<Instant> free = freeSlots(client, consultant, day);
        assertThat(free).as("free slots on %s", day).isNotEmpty();
        return free.getFirst();
    }

    /** A profile edit keeping {@code me}'s identity fields, in Asia/Kolkata, with prices in rupees. */
    static Map<String, Object> profileWithPrices(PlatformClient.Response me) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (String field : List.of("firstName", "lastName", "phoneCountryCode", "phoneNumber", "slug")) {
            body.put(field, me.text(field));
        }
        body.put("timezone", "Asia/Kolkata");
        body.put("consultancySector", "Career coaching");
        body.put("personalSessionTitle", "One-to-one career session");
        body.put("personalSessionPrice", 1500);
        body.put("webinarSessionTitle", "Interview masterclass");
        body.put("webinarSessionPrice", 499);
        return body;
    }

    /** Availability open around the clock every day, 30-minute personal and 60-minute webinar sessions. */
    static Map<String, Object> openAllWeek() {
        Map<String, Object> weekly = new LinkedHashMap<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            weekly.put(day, List.of(Map.of("start", "00:00", "end", "24:00")));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timeZone", "Asia/Kolkata");
        body.put("weeklyHours", weekly);
        body.put("breaks", Map.of());
        body.put("dateOverrides", List.of());
        body.put("minimumNoticeMinutes", 60);
        body.put("maximumAdvanceDays", 365);
        body.put("bufferBeforeMinutes", 0);
        body.put("bufferAfterMinutes", 0);
        body.put("slotIntervalMinutes", 30);
        body.put("durations", Map.of("PERSONAL", List.of(30), "WEBINAR", List.of(60)));
        body.put("webinarSeats", 20);
        body.put("meetingLinks", Map.of("ZOOM", "https://zoom.us/j/1234567890"));
        return body;
    }

    /**
     * Opens the verification link of the mail {@code email} got in the mail catcher, as the consultant does: the
     * token goes to {@code POST /api/v1/auth/verify-email} through the gateway, which answers 204.
     */
    static void verifyFromTheMail(PlatformClient client, String email) throws InterruptedException {
        String link = StackMail.awaitLink(email, VERIFICATION_LINK);
        String token = URLDecoder.decode(link.substring(link.indexOf("token=") + "token=".length()), StandardCharsets.UTF_8);
        PlatformClient.Response verified = PlatformClient.honouringRetryAfter(() -> client.post("/api/v1/auth/verify-email", null, Map.of("token", token)));
        assertThat(verified.status()).as(() -> verified + " for " + link + "; identity's links: " + linkRows(token)).isEqualTo(204);
    }

    /**
     * What identity holds for a presented token, for a refused verification: the links of the consultant it was issued
     * to, newest first, or when identity has no such token, the newest ten links of any consultant (a mail carrying a
     * token identity never kept shows there as its absence). {@code presented} marks the token's own row.
     */
    private static String linkRows(String token) {
        String hash = DigestUtils.sha256Hex(token);
        String columns = "token_hash = ? AS presented, consultant_id, purpose, created_at, expires_at, used_at, redeemed_at";
        try (Connection identity = SharedStack.connectAs("identity");
             PreparedStatement rows = identity.prepareStatement("SELECT " + columns + " FROM account_link_token WHERE consultant_id IN "
                     + "(SELECT consultant_id FROM account_link_token WHERE token_hash = ?) OR NOT EXISTS "
                     + "(SELECT 1 FROM account_link_token WHERE token_hash = ?) ORDER BY created_at DESC LIMIT 10")) {
            rows.setString(1, hash);
            rows.setString(2, hash);
            rows.setString(3, hash);
            StringBuilder found = new StringBuilder();
            try (ResultSet row = rows.executeQuery()) {
                while (row.next()) {
                    found.append("\n  ");
                    for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
                        found.append(row.getMetaData().getColumnName(column)).append('=').append(row.getString(column)).append(' ');
                    }
                }
            }
            return found.isEmpty() ? "none" : found.toString();
        } catch (SQLException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
