package com.nakksha.identity.admin;

import com.nakksha.defaults.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** An admin enrolling their own second factor: start, then confirm with a first code. */
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

    @PostMapping("/confirmation")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> confirmTotpEnrolment(Caller admin, @Valid @RequestBody TotpCodeRequest request) {
        return totp.confirm(admin.id(), request.code());
    }

    record TotpCodeRequest(@NotBlank @Size(max = 10) String code) {
    }
}
