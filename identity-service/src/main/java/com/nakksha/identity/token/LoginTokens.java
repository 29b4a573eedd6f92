package com.nakksha.identity.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import com.nakksha.edge.token.ApprovalStatus;
import com.nakksha.edge.token.Role;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The tokens a login yields: access and refresh tokens for an account, issued at login, rotated at
 * refresh with reuse detection, and revoked (logout, password reset, suspension). Each login starts
 * one refresh-token family.
 */
@Component
public class LoginTokens {

    private final RefreshTokenRepository refreshTokens;
    private final SigningKeys signingKeys;
    private final AccessTokenIssuer issuer;
    private final TokenProperties properties;
    private final TransactionalOperator transactions;
    private final Clock clock;

    public LoginTokens(RefreshTokenRepository refreshTokens, SigningKeys signingKeys, AccessTokenIssuer issuer,
                         TokenProperties properties, TransactionalOperator transactions, Clock clock) {
        this.refreshTokens = refreshTokens;
        this.signingKeys = signingKeys;
        this.issuer = issuer;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Starts a new refresh-token family for a login; call inside the login's transaction or on its own. */
    public Mono<TokenPair> issue(UUID accountId, Role type, ApprovalStatus approval) {
        Instant now = clock.instant();
        OpaqueToken refresh = OpaqueToken.generate();
        RefreshToken stored = RefreshToken.startFamily(accountId, type, refresh, now, properties.refreshTokenLifetime());
        return refreshTokens.insert(stored).then(pair(accountId, type, approval, refresh, stored.expiresAt(), now));
    }

    /**
     * Uses up the presented refresh token and issues its successor. {@code standingOf} reads the
     * account's current standing (the refreshed access token carries it, which is how an approval
     * reaches the dashboard). The outcome is committed before it is returned, including the
     * revocation of a family whose used token came back.
     */
    public Mono<RefreshOutcome> refresh(String presentedToken, Function<RefreshToken, Mono<AccountStanding>> standingOf) {
        Instant now = clock.instant();
        Mono<RefreshOutcome> work = refreshTokens.findByHashForUpdate(OpaqueToken.sha256(presentedToken))
                .flatMap(stored -> switch (stored.presentedAt(now)) {
                    case RefreshToken.RefreshDecision.Rotate rotate -> standingOf.apply(stored)
                            .map(java.util.Optional::of)
                            .defaultIfEmpty(java.util.Optional.empty())
                            .flatMap(standing -> {
                                if (standing.isEmpty()) {
                                    return refreshTokens.revokeFamily(stored.familyId(), now, "ACCOUNT_GONE")
                                            .thenReturn((RefreshOutcome) new RefreshOutcome.Refused("account not found"));
                                }
                                OpaqueToken next = OpaqueToken.generate();
                                RefreshToken successor = stored.successor(next, now);
                                return refreshTokens.markUsed(stored.id(), now)
                                        .then(refreshTokens.insert(successor))
                                        .then(pair(stored.accountId(), stored.accountType(), standing.get().approval(),
                                                next, successor.expiresAt(), now))
                                        .map(pair -> (RefreshOutcome) new RefreshOutcome.Refreshed(pair, stored.accountType()));
                            });
                    case RefreshToken.RefreshDecision.ReuseDetected reuse -> refreshTokens.revokeFamily(reuse.familyId(), now, "REUSE_DETECTED")
                            .thenReturn((RefreshOutcome) new RefreshOutcome.ReuseDetected());
                    case RefreshToken.RefreshDecision.Refused refused -> Mono.just((RefreshOutcome) new RefreshOutcome.Refused(refused.reason()));
                })
                .defaultIfEmpty(new RefreshOutcome.Refused("unknown refresh token"));
        return transactions.transactional(work);
    }

    /** Revokes the refresh-token family (the login) the presented token belongs to; unknown tokens are ignored. */
    public Mono<Void> logout(String presentedToken) {
        Instant now = clock.instant();
        return transactions.transactional(refreshTokens.findByHashForUpdate(OpaqueToken.sha256(presentedToken))
                .flatMap(stored -> refreshTokens.revokeFamily(stored.familyId(), now, "LOGOUT"))
                .then());
    }

    /** Revokes every refresh token of the account, ending all its logins; runs in the caller's transaction. */
    public Mono<Long> revokeAll(UUID accountId, String reason) {
        return refreshTokens.revokeAccount(accountId, clock.instant(), reason);
    }

    /** An access token alone, for tests and tools that need one at a chosen time. */
    public Mono<AccessTokenIssuer.IssuedAccessToken> accessTokenAt(UUID accountId, Role type, ApprovalStatus approval, Instant issuedAt) {
        return signingKeys.currentSigningKey().map(key -> issuer.issue(key, accountId, type, approval, issuedAt));
    }

    private Mono<TokenPair> pair(UUID accountId, Role type, ApprovalStatus approval, OpaqueToken refresh, Instant refreshExpiresAt, Instant now) {
        return signingKeys.currentSigningKey().map(key -> {
            AccessTokenIssuer.IssuedAccessToken access = issuer.issue(key, accountId, type, approval, now);
            long expiresIn = Duration.between(now, access.expiresAt()).toSeconds();
            return new TokenPair(access.value(), "Bearer", expiresIn, access.expiresAt(), refresh.value(), refreshExpiresAt);
        });
    }

    /** The account's current standing as the refreshed token will state it; approval is null for admins. */
    public record AccountStanding(ApprovalStatus approval) {
    }

    public sealed interface RefreshOutcome {
        record Refreshed(TokenPair tokens, Role accountType) implements RefreshOutcome {
        }

        record ReuseDetected() implements RefreshOutcome {
        }

        record Refused(String reason) implements RefreshOutcome {
        }
    }
}
