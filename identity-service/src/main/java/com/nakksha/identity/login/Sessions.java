package com.nakksha.identity.login;

import com.nakksha.edge.token.ApprovalStatus;
import com.nakksha.edge.token.Role;
import com.nakksha.identity.admin.AdminAccountService;
import com.nakksha.identity.consultant.ConsultantService;
import com.nakksha.identity.token.SessionTokens;
import com.nakksha.identity.token.TokenPair;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/** Refresh and logout; the refreshed access token states the account's standing as it is now. */
@Service
class Sessions {

    private final SessionTokens tokens;
    private final ConsultantService consultants;
    private final AdminAccountService admins;

    Sessions(SessionTokens tokens, ConsultantService consultants, AdminAccountService admins) {
        this.tokens = tokens;
        this.consultants = consultants;
        this.admins = admins;
    }

    Mono<TokenPair> refresh(String refreshToken) {
        return tokens.refresh(refreshToken, stored -> stored.accountType() == Role.CONSULTANT
                        ? consultants.findById(stored.accountId())
                                .map(loaded -> new SessionTokens.AccountStanding(ApprovalStatus.valueOf(loaded.consultant().status().name())))
                        : admins.findById(stored.accountId()).map(admin -> new SessionTokens.AccountStanding(null)))
                .flatMap(outcome -> switch (outcome) {
                    case SessionTokens.RefreshOutcome.Refreshed refreshed -> Mono.just(refreshed.tokens());
                    case SessionTokens.RefreshOutcome.ReuseDetected reuse -> Mono.error(new InvalidCredentials(
                            "This refresh token was already used; every session started with it has been ended. Log in again."));
                    case SessionTokens.RefreshOutcome.Refused refused -> Mono.error(new InvalidCredentials(
                            "The refresh token is invalid, expired or revoked. Log in again."));
                });
    }

    Mono<Void> logout(String refreshToken) {
        return tokens.logout(refreshToken);
    }
}
