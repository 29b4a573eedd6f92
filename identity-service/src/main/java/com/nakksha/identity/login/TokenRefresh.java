package com.nakksha.identity.login;

import java.util.Map;

import com.nakksha.edge.token.ApprovalStatus;
import com.nakksha.edge.token.Role;
import com.nakksha.identity.admin.AdminAccountService;
import com.nakksha.identity.audit.SecurityEvents;
import com.nakksha.identity.consultant.ConsultantService;
import com.nakksha.identity.token.LoginTokens;
import com.nakksha.identity.token.TokenPair;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Refresh and logout; the refreshed access token states the account's standing as it is now (a
 * disabled admin gets none) and the login's authentication methods. Reuse is a security event.
 */
@Service
class TokenRefresh {

    private final LoginTokens tokens;
    private final ConsultantService consultants;
    private final AdminAccountService admins;
    private final SecurityEvents events;

    TokenRefresh(LoginTokens tokens, ConsultantService consultants, AdminAccountService admins, SecurityEvents events) {
        this.events = events;
        this.tokens = tokens;
        this.consultants = consultants;
        this.admins = admins;
    }

    Mono<TokenPair> refresh(String refreshToken) {
        return tokens.refresh(refreshToken, stored -> stored.accountType() == Role.CONSULTANT
                        ? consultants.findById(stored.accountId())
                                .map(loaded -> new LoginTokens.AccountStanding(ApprovalStatus.valueOf(loaded.consultant().status().name())))
                        : admins.findActiveById(stored.accountId()).map(admin -> new LoginTokens.AccountStanding(null)))
                .flatMap(outcome -> switch (outcome) {
                    case LoginTokens.RefreshOutcome.Refreshed refreshed -> Mono.just(refreshed.tokens());
                    case LoginTokens.RefreshOutcome.ReuseDetected reuse -> events.record(SecurityEvents.Kind.REFRESH_TOKEN_REUSE,
                                    reuse.accountType().name(), reuse.accountId(), null, null, Map.of("familyId", reuse.familyId().toString()))
                            .then(Mono.error(new InvalidCredentials(
                                    "This refresh token was already used; every token of that login has been revoked. Log in again.")));
                    case LoginTokens.RefreshOutcome.Refused refused -> Mono.error(new InvalidCredentials(
                            "The refresh token is invalid, expired or revoked. Log in again."));
                });
    }

    Mono<Void> logout(String refreshToken) {
        return tokens.logout(refreshToken);
    }
}
