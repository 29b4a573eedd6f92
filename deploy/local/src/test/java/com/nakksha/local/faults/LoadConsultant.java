package com.nakksha.local.faults;

import java.time.Duration;
import java.util.Map;

import com.nakksha.local.journeys.ConsultantOnboarding;
import com.nakksha.local.journeys.PlatformClient;

/**
 * An onboarded consultant whose access token is refreshed before its 15 minutes run out (identity-service's
 * {@code accessTokenLifetime}): a long run, and its reconciliation, outlive one token. Refresh tokens rotate,
 * so the newest one is kept.
 */
final class LoadConsultant {

    private static final Duration REFRESH_AFTER = Duration.ofMinutes(8);
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);

    private final String id;
    private final String slug;
    private final PlatformClient client;
    private final Answers answers;
    private String accessToken;
    private String refreshToken;
    private long issuedAtNanos;

    LoadConsultant(ConsultantOnboarding.Consultant consultant, PlatformClient client, Answers answers) {
        this.id = consultant.id();
        this.slug = consultant.slug();
        this.client = client;
        this.answers = answers;
        this.accessToken = consultant.accessToken();
        this.refreshToken = consultant.refreshToken();
        this.issuedAtNanos = System.nanoTime();
    }

    String id() {
        return id;
    }

    String slug() {
        return slug;
    }

    /** A token with minutes left; refreshed through the gateway, waiting out 503s and restarts for up to five minutes. */
    synchronized String accessToken() {
        if (System.nanoTime() - issuedAtNanos < REFRESH_AFTER.toNanos()) {
            return accessToken;
        }
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        while (System.nanoTime() < deadline) {
            PlatformClient.Response refreshed = answers.record("refresh", id,
                    () -> client.post("/api/v1/auth/refresh", null, Map.of("refreshToken", refreshToken)));
            if (refreshed.status() == 200) {
                accessToken = refreshed.text("accessToken");
                refreshToken = refreshed.text("refreshToken");
                issuedAtNanos = System.nanoTime();
                return accessToken;
            }
            if (refreshed.status() != -1 && refreshed.status() != 503 && refreshed.status() != 429) {
                throw new IllegalStateException("refresh of consultant " + id + " answered " + refreshed);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("could not refresh consultant " + id + "'s token within " + GIVE_UP_AFTER);
    }
}
