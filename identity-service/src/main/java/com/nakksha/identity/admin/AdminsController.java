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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admins creating further admins; admin tokens only (nakksha.security.admin-paths). */
@RestController
@RequestMapping("/api/v1/admin/admins")
class AdminsController {

    private final AdminCreation creation;

    AdminsController(AdminCreation creation) {
        this.creation = creation;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AdminResponse> createAdmin(Caller admin, @Valid @RequestBody CreateAdminRequest request) {
        return creation.create(admin.id(), request.email(), request.fullName(), request.password())
                .map(created -> new AdminResponse(created.id(), created.email(), created.fullName(), created.createdAt()));
    }

    record CreateAdminRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 200) String fullName,
                              @NotNull @Size(max = 1024) String password) {
        @Override
        public String toString() {
            return "CreateAdminRequest[email=" + email + "]";
        }
    }

    record AdminResponse(UUID id, String email, String fullName, Instant createdAt) {
    }
}
