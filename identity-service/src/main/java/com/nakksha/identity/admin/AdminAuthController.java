package com.nakksha.identity.admin;

import com.nakksha.identity.login.ClientAddress;
import com.nakksha.identity.token.TokenPair;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/** The admins' own login, separate from consultants'; refresh and logout are shared endpoints. */
@RestController
class AdminAuthController {

    private final AdminLogin login;

    AdminAuthController(AdminLogin login) {
        this.login = login;
    }

    @PostMapping("/api/v1/auth/admin/login")
    Mono<TokenPair> login(@Valid @RequestBody AdminLoginRequest request, ServerWebExchange exchange) {
        return login.login(request.email(), request.password(), request.totpCode(), ClientAddress.of(exchange));
    }

    record AdminLoginRequest(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 1024) String password,
                             @Size(max = 10) String totpCode) {
        @Override
        public String toString() {
            return "AdminLoginRequest[email=" + email + "]";
        }
    }
}
