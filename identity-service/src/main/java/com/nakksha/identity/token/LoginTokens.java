package com.nakksha.identity.token;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import com.nakksha.edge.token.AccessTokenClaims;
import com.nakksha.edge.token.ApprovalStatus;
import com.nakksha.edge.token.Role;
import com.nakksha.identity.encryption.DataEncryption;
import reactor.core.publisher.Mono;

import org.springframework.scheduling.annotation.Scheduled;
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
    private final DataEncryption encryption;
    private final Clock clock;

    public LoginTokens(RefreshTokenRepository refreshTokens, SigningKeys signingKeys, AccessTokenIssuer issuer,
                         TokenProperties properties, TransactionalOperator transactions, DataEncryption encryption, Clock clock) {
        this.encryption = encryption;
        this.refreshTokens = refreshTokens;
        this.signingKeys = signingKeys;
        this.issuer = issuer;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Starts a new refresh-token family for a login; call inside the login's transaction or on its own.
     *
     * @param amr how the login was authenticated (RFC 8176 values); every access token of the family states it
     */
    public Mono<TokenPair> issue(UUID accountId, Role type, ApprovalStatus approval, List<String> amr) {
        Instant now = clock.instant();
        OpaqueToken refresh = OpaqueToken.generate();
        RefreshToken stored = RefreshToken.startFamily(accountId, type, amr, refresh, now, properties.lifetimeOf(type));
        return refreshTokens.insert(stored).then(pair(accountId, type, approval, amr, refresh, stored.expiresAt(), now));
    }

    /**
     * Uses up the presented refresh token and issues its successor. {@code standingOf} reads the
     * account's current standing (the refreshed access token carries it, which is how an approval
     * reaches the dashboard). The outcome is committed before it is returned, including the
     * revocation of a family whose used token came back. A token presented again within the grace
     * window of its use answers the successor it was rotated into (two tabs refreshing at once), as
     * long as that successor is itself unused.
     */
    public Mono<RefreshOutcome> refresh(String presentedToken, Function<RefreshToken, Mono<AccountStanding>> standingOf) {
        Instant now = clock.instant();
        Mono<RefreshOutcome> work = refreshTokens.findByHashForUpdate(OpaqueToken.sha256(presentedToken))
                .flatMap(stored -> switch (stored.presentedAt(now, properties.refreshReuseGraceWindow())) {
                    case RefreshToken.RefreshDecision.Rotate rotate -> withStanding(stored, standingOf, now, standing -> {
                        OpaqueToken next = OpaqueToken.generate();
                        RefreshToken successor = stored.successor(next, now, properties.lifetimeOf(stored.accountType()));
                        String sealed = encryption.seal(next.value().getBytes(StandardCharsets.UTF_8), successorContext(successor.id()));
                        return refreshTokens.insert(successor)
                                .then(refreshTokens.markUsed(stored.id(), now, successor.id(), sealed))
                                .then(pair(stored.accountId(), stored.accountType(), standing.approval(), stored.amr(),
                                        next, successor.expiresAt(), now))
                                .map(pair -> (RefreshOutcome) new RefreshOutcome.Refreshed(pair, stored.accountType()));
                    });
                    case RefreshToken.RefreshDecision.Repeat repeat -> refreshTokens.findByIdForUpdate(stored.successorId())
                            .filter(successor -> successor.presentedAt(now, properties.refreshReuseGraceWindow())
                                    instanceof RefreshToken.RefreshDecision.Rotate)
                            .flatMap(successor -> refreshTokens.sealedSuccessor(stored.id())
                                    .flatMap(sealed -> withStanding(stored, standingOf, now, standing -> pair(stored.accountId(),
                                            stored.accountType(), standing.approval(), stored.amr(),
                                            new OpaqueToken(new String(encryption.open(sealed, successorContext(successor.id())),
                                                    StandardCharsets.UTF_8)),
                                            successor.expiresAt(), now)
                                            .map(pair -> (RefreshOutcome) new RefreshOutcome.Refreshed(pair, stored.accountType())))))
                            .switchIfEmpty(Mono.defer(() -> reuse(stored, now)));
                    case RefreshToken.RefreshDecision.ReuseDetected reuse -> reuse(stored, now);
                    case RefreshToken.RefreshDecision.Refused refused -> Mono.just((RefreshOutcome) new RefreshOutcome.Refused(refused.reason()));
                })
                .defaultIfEmpty(new RefreshOutcome.Refused("unknown refresh token"));
        return transactions.transactional(work);
    }

    private Mono<RefreshOutcome> withStanding(RefreshToken stored, Function<RefreshToken, Mono<AccountStanding>> standingOf, Instant now,
                                              Function<AccountStanding, Mono<RefreshOutcome>> then) {
        return standingOf.apply(stored)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(standing -> standing.isEmpty()
                        ? refreshTokens.revokeFamily(stored.familyId(), now, "ACCOUNT_GONE")
                                .thenReturn((RefreshOutcome) new RefreshOutcome.Refused("account not found or disabled"))
                        : then.apply(standing.get()));
    }

    private Mono<RefreshOutcome> reuse(RefreshToken stored, Instant now) {
        return refreshTokens.revokeFamily(stored.familyId(), now, "REUSE_DETECTED")
                .thenReturn((RefreshOutcome) new RefreshOutcome.ReuseDetected(stored.accountId(), stored.accountType(), stored.familyId()));
    }

    private static String successorContext(UUID successorId) {
        return "refresh-successor:" + successorId;
    }

    /** Sealed successors are only needed during the grace window; afterwards they are dropped. */
    @Scheduled(fixedDelayString = "PT5M")
    public void forgetOldSuccessors() {
        refreshTokens.forgetSuccessorsUsedBefore(clock.instant().minus(properties.refreshReuseGraceWindow())).block();
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
        return signingKeys.currentSigningKey().map(key -> issuer.issue(key, accountId, type, approval,
                List.of(AccessTokenClaims.AMR_PASSWORD), issuedAt));
    }

    private Mono<TokenPair> pair(UUID accountId, Role type, ApprovalStatus approval, List<String> amr, OpaqueToken refresh,
                                 Instant refreshExpiresAt, Instant now) {
        return signingKeys.currentSigningKey().map(key -> {
            AccessTokenIssuer.IssuedAccessToken access = issuer.issue(key, accountId, type, approval, amr, now);
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

        /** A used token came back outside the grace window; the family (login) is revoked. */
        record ReuseDetected(UUID accountId, Role accountType, UUID familyId) implements RefreshOutcome {
        }

        record Refused(String reason) implements RefreshOutcome {
        }
    }
}
