package com.nakksha.identity.admin;

import java.util.Map;

import com.nakksha.defaults.security.Caller;
import com.nakksha.identity.token.SigningKeys;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admins rotating the access-token signing key; each rotation is audited. */
@RestController
class SigningKeyRotationController {

    private final SigningKeys signingKeys;
    private final AuditLog audit;
    private final AdminAccountService admins;

    SigningKeyRotationController(SigningKeys signingKeys, AuditLog audit, AdminAccountService admins) {
        this.signingKeys = signingKeys;
        this.audit = audit;
        this.admins = admins;
    }

    /**
     * Adds a new signing key now (for example after a suspected compromise); old tokens stay valid until
     * they expire. Needs a fresh authentication code ({@code totpCode}), 403 otherwise.
     */
    @PostMapping("/api/v1/admin/signing-keys/rotation")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<RotationResponse> rotateSigningKey(Caller admin, @Valid @RequestBody AdminsController.FreshCodeRequest request) {
        return admins.freshCodeAccepted(admin.id(), request.totpCode())
                .flatMap(fresh -> fresh ? Mono.empty() : Mono.<Void>error(FreshSecondFactorRequired::new))
                .then(signingKeys.rotateNow())
                .flatMap(key -> audit.record(admin.id(), "SIGNING_KEY_ROTATED", "SIGNING_KEY", admin.id(),
                                Map.of("kid", key.kid(), "activatesAt", key.activatesAt().toString()))
                        .thenReturn(new RotationResponse(key.kid(), key.activatesAt().toString())));
    }

    record RotationResponse(String kid, String activatesAt) {
    }
}
