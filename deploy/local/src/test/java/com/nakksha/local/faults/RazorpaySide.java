package com.nakksha.local.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.Executors;

import com.nakksha.local.PlatformService;
import com.nakksha.local.journeys.PlatformClient;
import tools.jackson.databind.JsonNode;

/**
 * The Razorpay simulator as the person at Checkout and the reconciliation use it, with the launcher's key
 * (HTTP Basic). It is Razorpay's side, never a fault target: its ledger is the truth about money that moved.
 */
final class RazorpaySide {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final String authorization;
    private final Answers answers;

    RazorpaySide(Properties secrets, Answers answers) {
        this.answers = answers;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((secrets.getProperty("razorpay.key-id") + ":"
                + secrets.getProperty("razorpay.key-secret")).getBytes(StandardCharsets.UTF_8));
    }

    /** Pays the order at Checkout; {@code outcome} success or fail. The simulator then sends its webhooks shuffled, some twice, some late. */
    JsonNode pay(String orderId, String outcome) {
        return call("simulator pay", "POST", "/simulator/orders/" + orderId + "/pay", "{\"method\":\"upi\",\"outcome\":\"" + outcome + "\"}");
    }

    /** Razorpay's payment entity: status, amount, amount_refunded (paise). */
    JsonNode payment(String paymentId) {
        return call("simulator payment", "GET", "/v1/payments/" + paymentId, null);
    }

    /** Webhook deliveries the simulator has neither had a 2xx for nor given up on: 0 once payment-service has every one. */
    int outstandingWebhooks() {
        return call("simulator webhooks", "GET", "/simulator/webhooks/outstanding", null).path("outstanding").asInt(-1);
    }

    private JsonNode call(String operation, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + PlatformService.RAZORPAY_SIMULATOR.port() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            answers.add(new Answers.Answer(operation, path, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    null, Answers.elapsedMillis(started), Instant.now(), null));
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return PlatformClient.JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            answers.add(new Answers.Answer(operation, path, -1, null, null, Answers.elapsedMillis(started), Instant.now(), e.toString()));
            throw new IllegalStateException("the Razorpay simulator did not answer " + method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
