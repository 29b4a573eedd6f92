package com.nakksha.identity.login;

import com.nakksha.identity.throttle.LoginThrottle;
import com.nakksha.identity.token.TokenPair;
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

/**
 * Logging in, consultants and admins each with their own login, a consultant's emailed sign-in link, and
 * refresh/logout for both. The
 * client's address counts against the login limits; behind the gateway the forwarded headers are
 * applied to requests from the gateway only ({@code ForwardedFromGatewayOnly}), so it is the caller's,
 * not the gateway's, and no one else can choose it.
 */
@RestController
@RequestMapping("/api/v1/auth")
class LoginController {

    private final ConsultantLogin login;
    private final AdminLogin adminLogin;
    private final TokenRefresh tokenRefresh;
    private final LoginLink loginLink;

    LoginController(ConsultantLogin login, AdminLogin adminLogin, TokenRefresh tokenRefresh, LoginLink loginLink) {
        this.login = login;
        this.adminLogin = adminLogin;
        this.tokenRefresh = tokenRefresh;
        this.loginLink = loginLink;
    }

    @PostMapping("/login")
    Mono<TokenPair> login(@Valid @RequestBody LoginRequest request, ServerWebExchange exchange) {
        return login.login(request.email(), request.password(), LoginThrottle.clientAddress(exchange));
    }

    @PostMapping("/admin/login")
    Mono<TokenPair> adminLogin(@Valid @RequestBody AdminLoginRequest request, ServerWebExchange exchange) {
        return adminLogin.login(request.email(), request.password(), request.totpCode(), request.recoveryCode(),
                LoginThrottle.clientAddress(exchange));
    }

    /**
     * Signs a consultant in with the single-use link mailed at the account-wide failure limit: the same token
     * pair as a password login, {@code amr} ["otp"]; a bad, used or expired token is a 400 naming {@code token}.
     */
    @PostMapping("/login-link")
    Mono<TokenPair> loginLink(@Valid @RequestBody LoginLinkRequest request, ServerWebExchange exchange) {
        return loginLink.signIn(request.token(), LoginThrottle.clientAddress(exchange));
    }

    @PostMapping("/refresh")
    Mono<TokenPair> refresh(@Valid @RequestBody RefreshRequest request) {
        return tokenRefresh.refresh(request.refreshToken());
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> logout(@Valid @RequestBody RefreshRequest request) {
        return tokenRefresh.logout(request.refreshToken());
    }

    record LoginRequest(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 1024) String password) {
        @Override
        public String toString() {
            return "LoginRequest[email=" + email + "]";
        }
    }

    record AdminLoginRequest(@NotBlank @Size(max = 254) String email, @NotNull @Size(max = 1024) String password,
                             @Size(max = 10) String totpCode, @Size(max = 20) String recoveryCode) {
        @Override
        public String toString() {
            return "AdminLoginRequest[email=" + email + "]";
        }
    }

    record LoginLinkRequest(@NotBlank @Size(max = 200) String token) {
        @Override
        public String toString() {
            return "LoginLinkRequest[redacted]";
        }
    }

    record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {
        @Override
        public String toString() {
            return "RefreshRequest[redacted]";
        }
    }
}
