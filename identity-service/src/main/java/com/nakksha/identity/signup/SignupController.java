package com.nakksha.identity.signup;

import java.util.UUID;

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

/** Consultant signup and email verification. */
@RestController
@RequestMapping("/api/v1/auth")
class SignupController {

    private final Signup signup;

    SignupController(Signup signup) {
        this.signup = signup;
    }

    @PostMapping("/signup")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<SignupResponse> signUp(@Valid @RequestBody SignupRequest request) {
        return signup.signUp(request).map(consultant -> new SignupResponse(consultant.id(), consultant.email().value(),
                consultant.status().name(), consultant.emailVerified(), consultant.profile().slug().value()));
    }

    /** 204, also for a verification link presented again after it was redeemed (see Signup#verifyEmail). */
    @PostMapping("/verify-email")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> verifyEmail(@Valid @RequestBody TokenRequest request) {
        return signup.verifyEmail(request.token());
    }

    /** Always 202: the answer must not tell whether the email has an unverified account. */
    @PostMapping("/verify-email/resend")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Void> resendVerification(@Valid @RequestBody EmailRequest request) {
        return signup.resendVerification(request.email());
    }

    record SignupRequest(
            @NotBlank @Size(max = 254) String email,
            @NotNull @Size(max = 1024) String password,
            @NotBlank @Size(max = 100) String firstName,
            @NotBlank @Size(max = 100) String lastName,
            @Size(max = 5) String phoneCountryCode,
            @NotBlank @Size(max = 20) String phoneNumber) {

        @Override
        public String toString() {
            return "SignupRequest[email=" + email + "]";
        }
    }

    record SignupResponse(UUID consultantId, String email, String status, boolean emailVerified, String slug) {
    }

    record TokenRequest(@NotBlank @Size(max = 200) String token) {
        @Override
        public String toString() {
            return "TokenRequest[redacted]";
        }
    }

    record EmailRequest(@NotBlank @Size(max = 254) String email) {
    }
}
