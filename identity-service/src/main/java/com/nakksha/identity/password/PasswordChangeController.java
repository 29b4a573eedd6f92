package com.nakksha.identity.password;

import com.nakksha.defaults.security.Caller;
import com.nakksha.identity.throttle.LoginThrottle;
import com.nakksha.identity.token.TokenPair;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The signed-in consultant's password change; open before approval too
 * (nakksha.security.approval-exempt-paths). Answers the tokens of a new login: the old ones are revoked.
 */
@RestController
class PasswordChangeController {

    private final PasswordChange change;

    PasswordChangeController(PasswordChange change) {
        this.change = change;
    }

    @PostMapping("/api/v1/consultants/me/password")
    Mono<TokenPair> changePassword(Caller consultant, @Valid @RequestBody ChangePasswordRequest request, ServerWebExchange exchange) {
        return change.change(consultant.consultantId(), request.currentPassword(), request.newPassword(),
                LoginThrottle.clientAddress(exchange));
    }

    record ChangePasswordRequest(@NotNull @Size(max = 1024) String currentPassword, @NotNull @Size(max = 1024) String newPassword) {
        @Override
        public String toString() {
            return "ChangePasswordRequest[redacted]";
        }
    }
}
