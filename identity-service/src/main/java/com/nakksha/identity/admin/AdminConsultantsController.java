package com.nakksha.identity.admin;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import com.nakksha.defaults.problem.NotFoundProblem;
import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
import com.nakksha.defaults.security.Caller;
import com.nakksha.identity.consultant.ConsultantSearch;
import com.nakksha.identity.consultant.ConsultantService;
import com.nakksha.identity.consultant.ConsultantStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Mono;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reviewing and deciding on consultant accounts; admin tokens only (nakksha.security.admin-paths). */
@RestController
@Validated
@RequestMapping("/api/v1/admin/consultants")
class AdminConsultantsController {

    /** The most a page of the list holds. */
    private static final int MAX_PAGE_SIZE = 100;

    private final ConsultantService consultants;
    private final ConsultantModeration moderation;

    AdminConsultantsController(ConsultantService consultants, ConsultantModeration moderation) {
        this.consultants = consultants;
        this.moderation = moderation;
    }

    /**
     * Filters: status, {@code q} (part of the email or name, case-insensitive), signup date range
     * (inclusive dates, UTC); newest first.
     */
    @GetMapping
    Mono<Page<ConsultantSummary>> list(
            @RequestParam(required = false) ConsultantStatus status,
            @RequestParam(required = false) @Size(max = 100) String q,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate signedUpFrom,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate signedUpTo,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        var search = new ConsultantSearch(status, q,
                signedUpFrom == null ? null : signedUpFrom.atStartOfDay(ZoneOffset.UTC).toInstant(),
                signedUpTo == null ? null : signedUpTo.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        // The annotations answer a bad page or size as this API always has; PageRequest.of cannot refuse after them.
        PageRequest request = PageRequest.of(page, size, null, ConsultantSearch.SORTABLE, ConsultantSearch.NEWEST_FIRST, MAX_PAGE_SIZE);
        return consultants.search(search, request).map(found -> found.map(ConsultantSummary::of));
    }

    @GetMapping("/{consultantId}")
    Mono<ConsultantSummary> get(@PathVariable UUID consultantId) {
        return consultants.findById(consultantId)
                .switchIfEmpty(Mono.error(() -> new NotFoundProblem("Consultant")))
                .map(loaded -> ConsultantSummary.of(loaded.consultant()));
    }

    @PostMapping("/{consultantId}/approve")
    Mono<ConsultantSummary> approve(Caller admin, @PathVariable UUID consultantId) {
        return moderation.apply(admin.id(), consultantId, ConsultantModeration.Action.APPROVE, null).map(ConsultantSummary::of);
    }

    @PostMapping("/{consultantId}/reject")
    Mono<ConsultantSummary> reject(Caller admin, @PathVariable UUID consultantId, @Valid @RequestBody ReasonRequest request) {
        return moderation.apply(admin.id(), consultantId, ConsultantModeration.Action.REJECT, request.reason()).map(ConsultantSummary::of);
    }

    @PostMapping("/{consultantId}/suspend")
    Mono<ConsultantSummary> suspend(Caller admin, @PathVariable UUID consultantId, @Valid @RequestBody ReasonRequest request) {
        return moderation.apply(admin.id(), consultantId, ConsultantModeration.Action.SUSPEND, request.reason()).map(ConsultantSummary::of);
    }

    @PostMapping("/{consultantId}/reinstate")
    Mono<ConsultantSummary> reinstate(Caller admin, @PathVariable UUID consultantId) {
        return moderation.apply(admin.id(), consultantId, ConsultantModeration.Action.REINSTATE, null).map(ConsultantSummary::of);
    }

    record ReasonRequest(@NotBlank @Size(max = 1000) String reason) {
    }
}
