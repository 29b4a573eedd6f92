package com.nakksha.payment.webhook;

import com.nakksha.defaults.problem.ProblemException;
import reactor.core.publisher.Mono;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Razorpay's webhook intake. The raw bytes are verified, then stored with their headers and the
 * verification result before anything else; a verified delivery is answered 200 at once (Razorpay
 * waits 5 s at most) and processed from the store. A repeated event id is answered 200 and stored
 * no second time; a bad signature is stored as rejected and answered 400, and changes nothing else.
 */
@RestController
class WebhookController {

    static final String PATH = "/api/v1/payments/webhooks/razorpay";
    private static final Set<String> NOT_STORED = Set.of("authorization", "cookie", "proxy-authorization");

    private final WebhookSignature signature;
    private final WebhookStore store;
    private final WebhookProcessor processor;
    private final Clock clock;

    WebhookController(WebhookSignature signature, WebhookStore store, WebhookProcessor processor, Clock clock) {
        this.signature = signature;
        this.store = store;
        this.processor = processor;
        this.clock = clock;
    }

    @PostMapping(PATH)
    Mono<ResponseEntity<Map<String, String>>> receive(@RequestBody(required = false) byte[] body,
                                                      @RequestHeader HttpHeaders headers) {
        byte[] raw = body == null ? new byte[0] : body;
        WebhookSignature.Verification verification = signature.verify(raw, headers.getFirst("X-Razorpay-Signature"));
        String eventId = eventId(headers.getFirst("x-razorpay-event-id"), raw);
        Mono<Optional<UUID>> stored = store.store(eventId, raw, storable(headers), verification, clock.instant())
                .map(Optional::of).defaultIfEmpty(Optional.empty());
        if (verification == WebhookSignature.Verification.REJECTED) {
            return stored.then(Mono.error(new ProblemException(HttpStatus.BAD_REQUEST, "Invalid signature",
                    "X-Razorpay-Signature does not match the request body")));
        }
        return stored.map(id -> {
            id.ifPresent(processor::processSoon);
            return ResponseEntity.ok(Map.of("status", id.isPresent() ? "accepted" : "duplicate"));
        });
    }

    /** Razorpay's event id header; a delivery without one is identified by its body. */
    private static String eventId(String header, byte[] body) {
        if (header != null && !header.isBlank()) {
            return header.length() > 100 ? header.substring(0, 100) : header;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static Map<String, String> storable(HttpHeaders headers) {
        Map<String, String> kept = new TreeMap<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_STORED.contains(lower)) {
                kept.put(lower, String.join(", ", values));
            }
        });
        return kept;
    }
}
