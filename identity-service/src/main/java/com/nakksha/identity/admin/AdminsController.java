package com.nakksha.identity.admin;

import java.time.Instant;
import java.util.UUID;

import com.nakksha.defaults.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins creating and disabling admins; admin tokens with a second factor only
 * (nakksha.security.admin-paths), plus a fresh authentication code in the request.
 */
@RestController
@RequestMapping("/api/v1/admin/admins")
class AdminsController {

    private final AdminCreation creation;
    private final AdminDisabling disabling;

    AdminsController(AdminCreation creation, AdminDisabling disabling) {
        this.creation = creation;
        this.disabling = disabling;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AdminResponse> createAdmin(Caller admin, @Valid @RequestBody CreateAdminRequest request) {
        return creation.create(admin.id(), request.email(), request.fullName(), request.password(), request.totpCode())
                .map(created -> new AdminResponse(created.id(), created.email(), created.fullName(), created.createdAt()));
    }

    record CreateAdminRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 200) String fullName,
                              @NotNull @Size(max = 1024) String password, @Size(max = 10) String totpCode) {
        @Override
        public String toString() {
            return "CreateAdminRequest[email=" + email + "]";
        }
    }

    /** Disables another admin: no more logins, every refresh token revoked, audited. */
    @PostMapping("/{adminId}/disable")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> disableAdmin(Caller admin, @PathVariable UUID adminId, @Valid @RequestBody FreshCodeRequest request) {
        return disabling.disable(admin.id(), adminId, request.totpCode());
    }

    record FreshCodeRequest(@Size(max = 10) String totpCode) {
    }

    record AdminResponse(UUID id, String email, String fullName, Instant createdAt) {
    }
}
