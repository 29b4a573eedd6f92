package com.nakksha.razorpaysimulator;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of Razorpay's API (v1) that payment-service's razorpay-java calls: orders (create, fetch,
 * list by receipt, their payments), payments (fetch, capture) and refunds (create with
 * {@code X-Refund-Idempotency}, fetch). Answers use Razorpay's field names, entities and collections.
 */
@RestController
@RequestMapping("/v1")
public class ApiController {

    /** A created refund is settled (refund.processed) this long after it was made. */
    static final Duration REFUND_SETTLES_AFTER = Duration.ofMillis(500);

    private final Ledger ledger;
    private final WebhookSender webhooks;

    public ApiController(Ledger ledger, WebhookSender webhooks) {
        this.ledger = ledger;
        this.webhooks = webhooks;
    }

    @PostMapping("/orders")
    public Map<String, Object> createOrder(@RequestBody Map<String, Object> request) {
        return ledger.createOrder(request.get("amount"), (String) request.get("currency"), (String) request.get("receipt"), request.get("notes"));
    }

    @GetMapping("/orders")
    public Map<String, Object> orders(@RequestParam(required = false) String receipt) {
        return collection(ledger.orders(receipt));
    }

    @GetMapping("/orders/{id}")
    public Map<String, Object> order(@PathVariable String id) {
        return ledger.order(id);
    }

    @GetMapping("/orders/{id}/payments")
    public Map<String, Object> paymentsOfOrder(@PathVariable String id) {
        return collection(ledger.paymentsOfOrder(id));
    }

    @GetMapping("/payments/{id}")
    public Map<String, Object> payment(@PathVariable String id) {
        return ledger.payment(id);
    }

    @PostMapping("/payments/{id}/capture")
    public Map<String, Object> capture(@PathVariable String id, @RequestBody Map<String, Object> request) {
        Ledger.Change change = ledger.capture(id, request.get("amount"), (String) request.get("currency"));
        webhooks.send(change.events());
        return change.entity();
    }

    @PostMapping("/payments/{id}/refund")
    public Map<String, Object> refund(@PathVariable String id, @RequestBody(required = false) Map<String, Object> request,
                                      @RequestHeader(name = "X-Refund-Idempotency", required = false) String idempotencyKey) {
        Map<String, Object> body = request == null ? Map.of() : request;
        Ledger.Change change = ledger.refund(id, body.get("amount"), (String) body.get("speed"), body.get("notes"),
                (String) body.get("receipt"), idempotencyKey);
        webhooks.send(change.events());
        if (!change.events().isEmpty()) {
            String refundId = (String) change.entity().get("id");
            Mono.delay(REFUND_SETTLES_AFTER).subscribe(ignored -> ledger.settleRefund(refundId).ifPresent(processed -> webhooks.send(List.of(processed))));
        }
        return change.entity();
    }

    @GetMapping("/payments/{id}/refunds")
    public Map<String, Object> refundsOfPayment(@PathVariable String id) {
        return collection(ledger.refundsOfPayment(id));
    }

    @GetMapping("/payments/{paymentId}/refunds/{id}")
    public Map<String, Object> refundOfPayment(@PathVariable String paymentId, @PathVariable String id) {
        Map<String, Object> refund = ledger.refund(id);
        if (!paymentId.equals(refund.get("payment_id"))) {
            throw RazorpayError.notFound();
        }
        return refund;
    }

    @GetMapping("/refunds/{id}")
    public Map<String, Object> refund(@PathVariable String id) {
        return ledger.refund(id);
    }

    @ExceptionHandler(RazorpayError.class)
    public ResponseEntity<Map<String, Object>> refused(RazorpayError error) {
        return ResponseEntity.status(error.status()).body(error.body());
    }

    static Map<String, Object> collection(List<Map<String, Object>> items) {
        Map<String, Object> collection = new LinkedHashMap<>();
        collection.put("entity", "collection");
        collection.put("count", items.size());
        collection.put("items", items);
        return collection;
    }
}
