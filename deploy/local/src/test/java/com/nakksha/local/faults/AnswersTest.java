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

    /** FaultsIT seed 1303 on 2026-12-02: a consultant's cancel answered 503 while booking was paused, its retry 422. */
    @Test
    void aRetryAfterA503OrNoAnswerIsPairedWithItAndARefusalOfItIsFlagged() {
        Answers answers = new Answers();
        answers.add(new Answers.Answer("cancel", "s1", 503, "application/problem+json", "1", 10, Instant.EPOCH, null));
        answers.add(new Answers.Answer("cancel", "s2", 503, "application/problem+json", "1", 10, Instant.EPOCH, null));
        answers.add(new Answers.Answer("cancel", "s1", 422, "application/problem+json", null, 10, Instant.EPOCH, null));
        answers.add(new Answers.Answer("cancel", "s2", 200, "application/json", null, 10, Instant.EPOCH, null));
        answers.add(new Answers.Answer("verify", "p1", -1, null, null, 10, Instant.EPOCH, "java.net.ConnectException"));
        answers.add(new Answers.Answer("verify", "p1", 200, "application/json", null, 10, Instant.EPOCH, null));
        // A 404 for an order whose payable has not arrived yet is the load's to wait out, not a refused retry.
        answers.add(new Answers.Answer("order", "p2", 503, "application/problem+json", "1", 10, Instant.EPOCH, null));
        answers.add(new Answers.Answer("order", "p2", 404, "application/problem+json", null, 10, Instant.EPOCH, null));

        assertThat(answers.retries()).hasSize(3);
        assertThat(answers.retries()).filteredOn(Answers.Retry::refused).singleElement()
                .satisfies(retry -> assertThat(retry.retry().subject()).isEqualTo("s1"));
    }

    @Test
    void theSimulatorsAnswersAreRazorpaysNotThePlatforms() {
        assertThat(new Answers.Answer("simulator pay", "/x", 500, "", null, 1, Instant.EPOCH, null).violation()).isNull();
    }
}
