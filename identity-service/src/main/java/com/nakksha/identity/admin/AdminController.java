package com.nakksha.identity.admin;

import java.util.UUID;

import com.nakksha.defaults.security.Caller;
import com.nakksha.identity.token.SigningKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admin-only operations on admins, the audit log, second factors and signing keys. */
@RestController
@Validated
@RequestMapping("/api/v1/admin")
class AdminController {

    private final AdminCreation creation;
    private final AuditLog audit;
    private final TotpEnrolment totp;
    private final SigningKeys signingKeys;

    AdminController(AdminCreation creation, AuditLog audit, TotpEnrolment totp, SigningKeys signingKeys) {
        this.creation = creation;
        this.audit = audit;
        this.totp = totp;
        this.signingKeys = signingKeys;
    }

    @PostMapping("/admins")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AdminResponse> createAdmin(Caller admin, @Valid @RequestBody CreateAdminRequest request) {
        return creation.create(admin.id(), request.email(), request.fullName(), request.password())
                .map(created -> new AdminResponse(created.id(), created.email(), created.fullName(), created.createdAt()));
    }

    @GetMapping("/audit-log")
    Mono<AdminConsultantsController.PageResponse<AuditLog.Entry>> auditLog(
            @RequestParam(required = false) UUID targetId,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return audit.list(targetId, page, size)
                .map(result -> AdminConsultantsController.PageResponse.of(result.items(), page, size, result.total()));
    }

    @PostMapping("/totp/enrolment")
    Mono<TotpEnrolment.Started> startTotpEnrolment(Caller admin) {
        return totp.start(admin.id());
    }

    @PostMapping("/totp/enrolment/confirmation")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> confirmTotpEnrolment(Caller admin, @Valid @RequestBody TotpCodeRequest request) {
        return totp.confirm(admin.id(), request.code());
    }

    /** Adds a new signing key now (for example after a suspected compromise); old tokens stay valid until they expire. */
    @PostMapping("/signing-keys/rotation")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<RotationResponse> rotateSigningKey(Caller admin) {
        return signingKeys.rotateNow()
                .flatMap(key -> audit.record(admin.id(), "SIGNING_KEY_ROTATED", "SIGNING_KEY", admin.id(),
                                java.util.Map.of("kid", key.kid(), "activatesAt", key.activatesAt().toString()))
                        .thenReturn(new RotationResponse(key.kid(), key.activatesAt().toString())));
    }

    record CreateAdminRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 200) String fullName,
                              @NotNull @Size(max = 1024) String password) {
        @Override
        public String toString() {
            return "CreateAdminRequest[email=" + email + "]";
        }
    }

    record AdminResponse(UUID id, String email, String fullName, java.time.Instant createdAt) {
    }

    record TotpCodeRequest(@NotBlank @Size(max = 10) String code) {
    }

    record RotationResponse(String kid, String activatesAt) {
    }

}
