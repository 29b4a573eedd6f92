package com.nakksha.local.faults;

import java.net.http.HttpTimeoutException;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnswersTest {

    private static Answers.Answer answer(int status, String contentType, String retryAfter, String failure) {
        return new Answers.Answer("book", "slug", status, contentType, retryAfter, 10, Instant.EPOCH, failure);
    }

    @Test
    void successesProblemsAndRetryable503sAreWhatThePlatformMayAnswer() {
        assertThat(answer(201, "application/json", null, null).violation()).isNull();
        assertThat(answer(409, "application/problem+json", null, null).violation()).isNull();
        assertThat(answer(503, "application/problem+json", "5", null).violation()).isNull();
        assertThat(answer(-1, null, null, "java.net.ConnectException").violation()).as("a killed gateway refuses connections").isNull();
    }

    @Test
    void a500ABare4xxA503WithoutRetryAfterAGatewayErrorAndAHangAreNot() {
        assertThat(answer(500, "application/problem+json", null, null).violation()).isNotNull();
        assertThat(answer(404, "text/html", null, null).violation()).isNotNull();
        assertThat(answer(503, "application/problem+json", null, null).violation()).isNotNull();
        assertThat(answer(504, "application/problem+json", null, null).violation()).isNotNull();
        assertThat(answer(-1, null, null, new HttpTimeoutException("request timed out").toString()).violation()).isNotNull();
    }

    @Test
    void theSimulatorsAnswersAreRazorpaysNotThePlatforms() {
        assertThat(new Answers.Answer("simulator pay", "/x", 500, "", null, 1, Instant.EPOCH, null).violation()).isNull();
    }
}
