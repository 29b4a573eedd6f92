package com.nakksha.quotation.quotation;

import com.nakksha.defaults.idempotency.IdempotencyKeys;
import com.nakksha.defaults.problem.InvalidInputException;
import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
import com.nakksha.defaults.security.Caller;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The consultant's quotations. Every call is scoped to the caller's consultant id: another
 * consultant's quotation answers 404. Create and send need an {@code Idempotency-Key}; duplicate takes one
 * optionally. A change the quotation has had already (withdraw repeated) answers 200 as the first did, so a
 * client may retry after a lost answer (RFC 9110 §9.2.2).
 */
@RestController
@RequestMapping("/api/v1/quotations")
class QuotationController {

    private final QuotationService quotations;
    private final QuotationPdf pdf;
    private final QuotationProperties properties;

    QuotationController(QuotationService quotations, QuotationPdf pdf, QuotationProperties properties) {
        this.quotations = quotations;
        this.pdf = pdf;
        this.properties = properties;
    }

    @PostMapping
    Mono<ResponseEntity<String>> create(Caller caller,
                                        @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
                                        @Valid @RequestBody QuotationRequests.Draft request) {
        return quotations.create(caller.consultantId(), idempotencyKey, request).map(QuotationController::json);
    }

    @GetMapping
    Mono<Page<QuotationView>> list(Caller caller,
                                   @RequestParam(required = false) List<QuotationStatus> status,
                                   @RequestParam(required = false) UUID clientId,
                                   @RequestParam(required = false) Instant from,
                                   @RequestParam(required = false) Instant to,
                                   @RequestParam(required = false) BigDecimal minAmount,
                                   @RequestParam(required = false) BigDecimal maxAmount,
                                   @RequestParam(required = false) String q,
                                   @RequestParam(required = false) Integer page,
                                   @RequestParam(required = false) Integer size,
                                   @RequestParam(required = false) String sort) {
        QuotationFilter filter = filter(status, clientId, from, to, minAmount, maxAmount, q);
        PageRequest request = PageRequest.of(page, size, sort, QuotationRepository.SORT_COLUMNS.keySet(), "createdAt,desc",
                properties.maxPageSize());
        return quotations.list(caller.consultantId(), filter, request);
    }

    /** Count and final amounts per status for the same filters as the list. */
    @GetMapping("/totals")
    Mono<QuotationTotals> totals(Caller caller,
                                 @RequestParam(required = false) List<QuotationStatus> status,
                                 @RequestParam(required = false) UUID clientId,
                                 @RequestParam(required = false) Instant from,
                                 @RequestParam(required = false) Instant to,
                                 @RequestParam(required = false) BigDecimal minAmount,
                                 @RequestParam(required = false) BigDecimal maxAmount,
                                 @RequestParam(required = false) String q) {
        return quotations.totals(caller.consultantId(), filter(status, clientId, from, to, minAmount, maxAmount, q));
    }

    @GetMapping("/{id}")
    Mono<QuotationView> get(Caller caller, @PathVariable UUID id) {
        return quotations.get(caller.consultantId(), id);
    }

    @PutMapping("/{id}")
    Mono<QuotationView> edit(Caller caller, @PathVariable UUID id, @Valid @RequestBody QuotationRequests.Draft request) {
        return quotations.edit(caller.consultantId(), id, request);
    }

    @PostMapping("/{id}/send")
    Mono<ResponseEntity<String>> send(Caller caller, @PathVariable UUID id,
                                      @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        return quotations.send(caller.consultantId(), id, idempotencyKey).map(QuotationController::json);
    }

    /** 201; an optional {@code Idempotency-Key} makes a retry answer the first draft instead of making another. */
    @PostMapping("/{id}/duplicate")
    Mono<ResponseEntity<String>> duplicate(Caller caller, @PathVariable UUID id,
                                           @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        return quotations.duplicate(caller.consultantId(), id, idempotencyKey).map(QuotationController::json);
    }

    /** 200 with the quotation; withdrawing a withdrawn one again answers it as it is (a retry after a lost answer). */
    @PostMapping("/{id}/withdraw")
    Mono<QuotationView> withdraw(Caller caller, @PathVariable UUID id) {
        return quotations.withdraw(caller.consultantId(), id);
    }

    /** The quotation as a PDF file; rendered off the event loop. */
    @GetMapping(path = "/{id}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    Mono<ResponseEntity<byte[]>> pdf(Caller caller, @PathVariable UUID id) {
        return quotations.pdfContent(caller.consultantId(), id)
                .publishOn(Schedulers.boundedElastic())
                .map(content -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_PDF)
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                .filename("quotation-" + id + ".pdf").build().toString())
                        .body(pdf.render(content)));
    }

    private static ResponseEntity<String> json(QuotationService.Answer answer) {
        return ResponseEntity.status(answer.status()).contentType(MediaType.APPLICATION_JSON).body(answer.body());
    }

    private static QuotationFilter filter(List<QuotationStatus> status, UUID clientId, Instant from, Instant to,
                                          BigDecimal minAmount, BigDecimal maxAmount, String q) {
        if (from != null && to != null && !to.isAfter(from)) {
            throw new InvalidInputException("to", "must be after from");
        }
        Long min = amountFilter("minAmount", minAmount);
        Long max = amountFilter("maxAmount", maxAmount);
        if (min != null && max != null && max < min) {
            throw new InvalidInputException("maxAmount", "must not be less than minAmount");
        }
        if (q != null && q.length() > 200) {
            throw new InvalidInputException("q", "size must be between 0 and 200");
        }
        return new QuotationFilter(status == null ? null : new HashSet<>(status), clientId, from, to, min, max, q);
    }

    private static Long amountFilter(String field, BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        if (amount.signum() < 0 || amount.stripTrailingZeros().scale() > 2 || amount.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 100)) > 0) {
            throw new InvalidInputException(field, "must be a non-negative amount with at most 2 decimals");
        }
        return amount.movePointRight(2).longValueExact();
    }
}
