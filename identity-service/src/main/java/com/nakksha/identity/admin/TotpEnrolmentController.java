package com.nakksha.identity.admin;

import com.nakksha.defaults.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An admin enrolling their own second factor: start, then confirm with a first code. Open to admin
 * tokens without a second factor (nakksha.security.second-factor-enrolment-paths), which is all a
 * password-only admin login yields.
 */
@RestController
@RequestMapping("/api/v1/admin/totp/enrolment")
class TotpEnrolmentController {

    private final TotpEnrolment totp;

    TotpEnrolmentController(TotpEnrolment totp) {
        this.totp = totp;
    }

    @PostMapping
    Mono<TotpEnrolment.Started> startTotpEnrolment(Caller admin) {
        return totp.start(admin.id());
    }

    /** Answers the recovery codes, once; log in again with a code afterwards to use the admin APIs. */
    @PostMapping("/confirmation")
    Mono<TotpEnrolment.Confirmed> confirmTotpEnrolment(Caller admin, @Valid @RequestBody TotpCodeRequest request) {
        return totp.confirm(admin.id(), request.code());
    }

    record TotpCodeRequest(@NotBlank @Size(max = 10) String code) {
    }
}
