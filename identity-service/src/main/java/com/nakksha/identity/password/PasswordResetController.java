package com.nakksha.identity.password;

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

/** Forgotten passwords: a single-use expiring link by email, then a new password. */
@RestController
@RequestMapping("/api/v1/auth")
class PasswordResetController {

    private final PasswordReset reset;

    PasswordResetController(PasswordReset reset) {
        this.reset = reset;
    }

    /** Always 202, so the answer does not tell whether the email has an account. */
    @PostMapping("/forgot-password")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Void> forgotPassword(@Valid @RequestBody ForgotPasswordRequest request) {
        return reset.requestLink(request.email());
    }

    @PostMapping("/reset-password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> resetPassword(@Valid @RequestBody ResetPasswordRequest request) {
        return reset.reset(request.token(), request.newPassword());
    }

    record ForgotPasswordRequest(@NotBlank @Size(max = 254) String email) {
    }

    record ResetPasswordRequest(@NotBlank @Size(max = 200) String token, @NotNull @Size(max = 1024) String newPassword) {
        @Override
        public String toString() {
            return "ResetPasswordRequest[redacted]";
        }
    }
}
