package com.nakksha.local.faults;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

import com.nakksha.local.journeys.PlatformClient;

/**
 * Every answer the load generator got, through the gateway or from the Razorpay simulator, with when it came
 * and how long it took. What the issue allows during faults is a 2xx, a 4xx problem, or a 503 problem with
 * {@code Retry-After}; a refused connection counts as allowed only because it is what a killed gateway gives
 * (nothing listens), a request that got no answer within the client's 30 s is a hang.
 */
final class Answers {

    /** @param status HTTP status, or -1 when no answer came; {@code failure} then says why */
    record Answer(String operation, String subject, int status, String contentType, String retryAfter, long millis,
                  Instant at, String failure) {

        boolean isHang() {
            return status == -1 && failure != null && failure.contains(HttpTimeoutException.class.getSimpleName());
        }

        /** Null when the answer is one the platform may give; otherwise what is wrong with it. */
        String violation() {
            if (operation.startsWith("simulator")) {
                return null;
            }
            if (status == -1) {
                return isHang() ? "no answer within the client timeout" : null;
            }
            boolean problem = contentType != null && contentType.startsWith("application/problem+json");
            if (status >= 200 && status < 300) {
                return null;
            }
            if (status >= 400 && status < 500) {
                return problem ? null : "4xx without problem+json";
            }
            if (status == 503) {
                return problem && retryAfter != null ? null : "503 without problem+json and Retry-After";
            }
            return status + (problem ? " problem" : " (not problem+json)");
        }

        @Override
        public String toString() {
            return at + " " + operation + " " + subject + " -> " + (status == -1 ? failure : status + " " + contentType)
                    + " in " + millis + " ms";
        }
    }

    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

    /** Calls the platform once and records the answer; a failed request comes back as status -1. */
    PlatformClient.Response record(String operation, String subject, Supplier<PlatformClient.Response> call) {
        long started = System.nanoTime();
        try {
            PlatformClient.Response response = call.get();
            answers.add(new Answer(operation, subject, response.status(), response.contentType(), response.header("Retry-After"),
                    elapsedMillis(started), Instant.now(), null));
            return response;
        } catch (IllegalStateException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            answers.add(new Answer(operation, subject, -1, null, null, elapsedMillis(started), Instant.now(), cause.toString()));
            return new PlatformClient.Response(-1, cause.toString(), "", Map.of());
        }
    }

    void add(Answer answer) {
        answers.add(answer);
    }

    List<Answer> all() {
        return List.copyOf(answers);
    }

    /**
     * Operations whose request, in the load's flows, nothing but its own earlier try can have made refusable: a
     * consultant cancelling their paid session, a client verifying their payment, a consultant creating and sending
     * their quotation (with an Idempotency-Key), a client accepting it.
     */
    static final Set<String> RETRIED_AS_SENT = Set.of("cancel", "verify", "quotation create", "quotation send", "quotation accept");

    /** A request sent again after its first try got a 503 or no answer, and what the retry got. */
    record Retry(Answer first, Answer retry) {

        /** The retry refused with a 4xx: the platform refused a request it had most likely applied. */
        boolean refused() {
            return retry.status() >= 400 && retry.status() < 500;
        }

        @Override
        public String toString() {
            return first + " -> " + retry;
        }
    }

    /**
     * The retries of {@link #RETRIED_AS_SENT} operations after a 503 or no answer. The first try may have been
     * applied (a gateway that gave up while the service was paused), so a retry must be answered as the first try
     * was (README, "Retries after a lost answer").
     */
    List<Retry> retries() {
        List<Retry> retries = new ArrayList<>();
        Map<String, Answer> previous = new HashMap<>();
        for (Answer answer : answers) {
            if (!RETRIED_AS_SENT.contains(answer.operation())) {
                continue;
            }
            Answer before = previous.put(answer.operation() + " " + answer.subject(), answer);
            if (before != null && (before.status() == 503 || before.status() == -1)) {
                retries.add(new Retry(before, answer));
            }
        }
        return retries;
    }

    /** "operation status" to count, sorted, for the report. */
    Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        for (Answer answer : answers) {
            counts.merge(answer.operation() + " " + (answer.status() == -1 ? "no-answer" : answer.status()), 1L, Long::sum);
        }
        return counts;
    }

    static long elapsedMillis(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
