package com.nakksha.identity.login;

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
import org.springframework.web.server.ServerWebExchange;

import com.nakksha.identity.token.TokenPair;

/** Consultant login, and refresh/logout for both consultant and admin sessions. */
@RestController
@RequestMapping("/api/v1/auth")
class LoginController {

    private final ConsultantLogin login;
    private final Sessions sessions;

    LoginController(ConsultantLogin login, Sessions sessions) {
        this.login = login;
        this.sessions = sessions;
    }

    @PostMapping("/login")
    Mono<TokenPair> login(@Valid @RequestBody LoginRequest request, ServerWebExchange exchange) {
        return login.login(request.email(), request.password(), ClientAddress.of(exchange));
    }

    @PostMapping("/refresh")
    Mono<TokenPair> refresh(@Valid @RequestBody RefreshRequest request) {
        return sessions.refresh(request.refreshToken());
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> logout(@Valid @RequestBody RefreshRequest request) {
        return sessions.logout(request.refreshToken());
    }

    record LoginRequest(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 1024) String password) {
        @Override
        public String toString() {
            return "LoginRequest[email=" + email + "]";
        }
    }

    record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {
        @Override
        public String toString() {
            return "RefreshRequest[redacted]";
        }
    }
}
