package com.nakksha.notification.mail;

import java.time.Clock;
import java.util.Map;

import com.nakksha.defaults.problem.ProblemException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Resend's delivery webhooks (public path, no token; the signature over the raw body is the authority).
 * {@code email.delivered} moves a SENT mail to DELIVERED; {@code email.bounced} marks it BOUNCED and
 * {@code email.complained} keeps its status; both suppress the address, so no optional mail goes to it
 * again ({@link SuppressionList}). A bad signature answers 400 and changes nothing; other event types
 * and unknown message ids are acknowledged and ignored. Every update is idempotent, so Resend's
 * redeliveries are harmless.
 */
@RestController
class ResendWebhookController {

    static final String PATH = "/api/v1/notifications/webhooks/resend";
    private static final int MAX_BODY = 256 * 1024;

    private final ResendWebhookSignature signature;
    private final EmailLogRepository log;
    private final SuppressionList suppressions;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    ResendWebhookController(ResendWebhookSignature signature, EmailLogRepository log, SuppressionList suppressions, Clock clock) {
        this.signature = signature;
        this.log = log;
        this.suppressions = suppressions;
        this.clock = clock;
    }

    @PostMapping(PATH)
    Mono<Map<String, String>> receive(@RequestBody(required = false) byte[] body,
                                      @RequestHeader(name = "svix-id", required = false) String id,
                                      @RequestHeader(name = "svix-timestamp", required = false) String timestamp,
                                      @RequestHeader(name = "svix-signature", required = false) String signatures) {
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length > MAX_BODY) {
            return Mono.error(new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "Too large", "the body exceeds " + MAX_BODY + " bytes"));
        }
        String refusal = signature.refusal(id, timestamp, signatures, raw);
        if (refusal != null) {
            return Mono.error(new ProblemException(HttpStatus.BAD_REQUEST, "Invalid signature", refusal));
        }
        JsonNode event;
        try {
            event = json.readTree(raw);
        } catch (JacksonException e) {
            return Mono.error(new ProblemException(HttpStatus.BAD_REQUEST, "Invalid body", "the body is not JSON"));
        }
        String type = event.path("type").asString("");
        String messageId = event.path("data").path("email_id").asString("");
        if (messageId.isBlank()) {
            return Mono.just(Map.of("status", "ignored"));
        }
        return switch (type) {
            case "email.delivered" -> log.delivered(messageId, clock.instant()).thenReturn(Map.of("status", "applied"));
            case "email.bounced" -> log.bounced(messageId, bounceReason(event), clock.instant())
                    .flatMap(recipient -> suppressions.suppress(recipient, SuppressionList.Reason.BOUNCED))
                    .thenReturn(Map.of("status", "applied"));
            case "email.complained" -> log.recipientOf(messageId)
                    .flatMap(recipient -> suppressions.suppress(recipient, SuppressionList.Reason.COMPLAINED))
                    .thenReturn(Map.of("status", "applied"));
            default -> Mono.just(Map.of("status", "ignored"));
        };
    }

    private static String bounceReason(JsonNode event) {
        JsonNode bounce = event.path("data").path("bounce");
        String text = (bounce.path("type").asString("") + " " + bounce.path("message").asString("")).strip();
        String reason = text.isEmpty() ? "bounced" : "bounced: " + text;
        return reason.length() > 500 ? reason.substring(0, 500) : reason;
    }
}
