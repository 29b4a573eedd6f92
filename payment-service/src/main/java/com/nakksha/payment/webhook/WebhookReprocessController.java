package com.nakksha.payment.webhook;

import com.nakksha.defaults.problem.ConflictProblem;
import com.nakksha.defaults.problem.NotFoundProblem;
import reactor.core.publisher.Mono;

import java.util.UUID;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The re-drive of parked webhook deliveries (admin token; {@code /api/v1/payments/admin/**} is an admin path): a
 * delivery whose processing failed {@code 10} times for its own sake is FAILED until an operator, having mended the
 * cause, puts it back here. Listed by {@code GET /api/v1/payments/admin/webhooks} (FAILED by default).
 */
@RestController
class WebhookReprocessController {

    private final WebhookProcessor processor;

    WebhookReprocessController(WebhookProcessor processor) {
        this.processor = processor;
    }

    /**
     * Processes a parked delivery again now; a delivery processed meanwhile (or never parked) is left as it is, so a
     * repeated call answers what the first one left.
     *
     * @return the delivery's state afterwards: PROCESSED, IGNORED or UNMATCHED when it went through, RECEIVED when
     *         the infrastructure failed (the poll goes on trying), FAILED again with its {@code lastError}
     * @throws NotFoundProblem (404) when there is no such delivery
     * @throws ConflictProblem (409) for a delivery whose signature did not verify: it is never processed
     */
    @PostMapping("/api/v1/payments/admin/webhooks/{id}/reprocess")
    Mono<WebhookStore.Processing> reprocess(@PathVariable UUID id) {
        return processor.reprocess(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Webhook delivery " + id)))
                .flatMap(done -> "REJECTED".equals(done.state())
                        ? Mono.error(new ConflictProblem("Not processable",
                                "The delivery's signature did not verify; it is kept as evidence and never processed"))
                        : Mono.just(done));
    }
}
