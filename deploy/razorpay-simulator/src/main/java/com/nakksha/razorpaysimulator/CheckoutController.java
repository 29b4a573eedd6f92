package com.nakksha.razorpaysimulator;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The person at Razorpay Checkout. {@code POST /simulator/orders/{orderId}/pay} pays or fails the order
 * and answers what Checkout hands the merchant's page: on success the handler's fields
 * ({@code razorpay_order_id}, {@code razorpay_payment_id}, {@code razorpay_signature} = HMAC-SHA256 of
 * {@code order_id|payment_id} with the key secret), on failure Checkout's {@code error} object; both
 * with status 200, as Checkout hands either to the page. The webhooks follow on their own.
 * {@code GET /simulator/checkout/{orderId}} is the same as a page with two buttons.
 */
@RestController
@RequestMapping("/simulator")
public class CheckoutController {

    private final Ledger ledger;
    private final WebhookSender webhooks;
    private final SimulatorProperties properties;

    public CheckoutController(Ledger ledger, WebhookSender webhooks, SimulatorProperties properties) {
        this.ledger = ledger;
        this.webhooks = webhooks;
        this.properties = properties;
    }

    /**
     * @param method upi (default), card, netbanking or wallet
     * @param outcome success (default) or fail
     * @param capture automatic (default: captured at once, like an account with auto-capture) or manual (authorised only)
     * @param deliver false keeps the webhooks for {@code POST /simulator/payments/{id}/webhooks/{event}} instead of
     *                sending them (for measurements that time one delivery); default true
     */
    public record PayRequest(String method, String outcome, String capture, String email, String contact, Boolean deliver) {
    }

    @PostMapping(path = "/orders/{orderId}/pay", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> pay(@PathVariable String orderId, @RequestBody(required = false) PayRequest request) {
        PayRequest given = request == null ? new PayRequest(null, null, null, null, null, null) : request;
        Ledger.Outcome outcome = choice(Ledger.Outcome.class, given.outcome(), Ledger.Outcome.SUCCESS, "outcome");
        Ledger.Capture capture = choice(Ledger.Capture.class, given.capture(), Ledger.Capture.AUTOMATIC, "capture");
        Ledger.Change change = ledger.pay(orderId, given.method(), outcome, capture, given.email(), given.contact());
        if (Boolean.FALSE.equals(given.deliver())) {
            webhooks.hold(change.events());
        } else {
            webhooks.send(change.events());
        }
        String paymentId = (String) change.entity().get("id");
        Map<String, Object> answer = new LinkedHashMap<>();
        if (outcome == Ledger.Outcome.SUCCESS) {
            answer.put("razorpay_order_id", orderId);
            answer.put("razorpay_payment_id", paymentId);
            answer.put("razorpay_signature", Signatures.checkout(orderId, paymentId, properties.keySecret()));
        } else {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", change.entity().get("error_code"));
            error.put("description", change.entity().get("error_description"));
            error.put("source", change.entity().get("error_source"));
            error.put("step", change.entity().get("error_step"));
            error.put("reason", change.entity().get("error_reason"));
            error.put("metadata", Map.of("order_id", orderId, "payment_id", paymentId));
            answer.put("error", error);
        }
        return answer;
    }

    /**
     * Sends the newest event of this name about the payment once more, now (the dashboard's "resend"), and
     * answers the delivery with the receiver's HTTP status; 404 when the payment raised no such event.
     */
    @PostMapping("/payments/{paymentId}/webhooks/{event}")
    public ResponseEntity<WebhookSender.Delivery> replay(@PathVariable String paymentId, @PathVariable String event) {
        return webhooks.replay(paymentId, event).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.notFound().build());
    }

    /** Deliveries so far, newest first: event, event id, payment, attempts, last HTTP status. */
    @GetMapping("/webhooks")
    public List<WebhookSender.Delivery> deliveries() {
        return webhooks.deliveries();
    }

    /** {@code {"outstanding": n}}: webhook deliveries still to be answered with a 2xx (see {@link WebhookSender#outstanding}). */
    @GetMapping("/webhooks/outstanding")
    public Map<String, Integer> outstandingWebhooks() {
        return Map.of("outstanding", webhooks.outstanding());
    }

    @GetMapping(path = "/checkout/{orderId}", produces = MediaType.TEXT_HTML_VALUE)
    public String checkout(@PathVariable String orderId) {
        Map<String, Object> order = ledger.order(orderId);
        long amount = ((Number) order.get("amount")).longValue();
        String id = HtmlUtils.htmlEscape(orderId);
        String rupees = String.format(Locale.ROOT, "%s %d.%02d", HtmlUtils.htmlEscape((String) order.get("currency")), amount / 100, amount % 100);
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Razorpay simulator: %1$s</title>
                <style>body{font-family:sans-serif;max-width:36em;margin:2em auto}button{font-size:1.1em;margin:.3em}pre{background:#eee;padding:1em;white-space:pre-wrap}</style>
                </head><body>
                <h1>Pay %2$s</h1>
                <p>Order <code>%1$s</code>, status <b>%3$s</b>. This is the Razorpay simulator of the local stack: no money moves.</p>
                <label>Method <select id="method"><option>upi</option><option>card</option><option>netbanking</option><option>wallet</option></select></label>
                <p><button onclick="pay('success')">Pay</button> <button onclick="pay('fail')">Fail</button></p>
                <p>What Checkout hands the page (send it to <code>POST /api/v1/payments/verify</code>); the webhooks go to the gateway on their own:</p>
                <pre id="answer">-</pre>
                <script>
                async function pay(outcome) {
                  const response = await fetch('/simulator/orders/%1$s/pay', {method: 'POST', headers: {'Content-Type': 'application/json'},
                    body: JSON.stringify({method: document.getElementById('method').value, outcome: outcome})});
                  document.getElementById('answer').textContent = JSON.stringify(await response.json(), null, 2);
                }
                </script>
                </body></html>
                """.formatted(id, rupees, HtmlUtils.htmlEscape(String.valueOf(order.get("status"))));
    }

    @ExceptionHandler(RazorpayError.class)
    public ResponseEntity<Map<String, Object>> refused(RazorpayError error) {
        return ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_JSON).body(error.body());
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String given, E otherwise, String field) {
        if (given == null || given.isBlank()) {
            return otherwise;
        }
        try {
            return Enum.valueOf(type, given.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw RazorpayError.badRequest(field + " must be one of " + String.join(", ",
                    java.util.Arrays.stream(type.getEnumConstants()).map(constant -> constant.name().toLowerCase(Locale.ROOT)).toList()), field);
        }
    }
}
