package com.nakksha.identity.admin;

import java.util.UUID;

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

    private final AuditLog audit;

    AuditLogController(AuditLog audit) {
        this.audit = audit;
    }

    /** {@code targetId} narrows the log to what was done to one account or key. */
    @GetMapping
    Mono<PageResponse<AuditLog.Entry>> auditLog(
            @RequestParam(required = false) UUID targetId,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return audit.list(targetId, page, size)
                .map(result -> PageResponse.of(result.items(), page, size, result.total()));
    }
}
