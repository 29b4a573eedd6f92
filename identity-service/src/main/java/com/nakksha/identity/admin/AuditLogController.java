package com.nakksha.identity.admin;

import java.util.UUID;

import com.nakksha.defaults.query.Page;
import com.nakksha.defaults.query.PageRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import reactor.core.publisher.Mono;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading the audit log of admin actions, newest first; admin tokens only (nakksha.security.admin-paths). */
@RestController
@Validated
@RequestMapping("/api/v1/admin/audit-log")
class AuditLogController {

    /** The most a page of the log holds. */
    private static final int MAX_PAGE_SIZE = 200;

    private final AuditLog audit;

    AuditLogController(AuditLog audit) {
        this.audit = audit;
    }

    /** {@code targetId} narrows the log to what was done to one account or key. */
    @GetMapping
    Mono<Page<AuditLog.Entry>> auditLog(
            @RequestParam(required = false) UUID targetId,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        return audit.list(targetId, PageRequest.of(page, size, null, AuditLog.SORTABLE, AuditLog.NEWEST_FIRST, MAX_PAGE_SIZE));
    }
}
