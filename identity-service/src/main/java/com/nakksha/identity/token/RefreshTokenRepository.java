package com.nakksha.identity.token;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.nakksha.edge.token.Role;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Refresh tokens by hash; a token's family is revoked as a whole. */
@Repository
class RefreshTokenRepository {

    private final DatabaseClient database;

    RefreshTokenRepository(DatabaseClient database) {
        this.database = database;
    }

    Mono<Void> insert(RefreshToken token) {
        return database.sql("""
                        INSERT INTO refresh_token (id, family_id, account_id, account_type, amr, token_hash, issued_at, expires_at,
                            family_expires_at)
                        VALUES (:id, :familyId, :accountId, :accountType, :amr, :tokenHash, :issuedAt, :expiresAt, :familyExpiresAt)""")
                .bind("id", token.id())
                .bind("familyId", token.familyId())
                .bind("accountId", token.accountId())
                .bind("accountType", token.accountType().name())
                .bind("amr", String.join(" ", token.amr()))
                .bind("tokenHash", token.tokenHash())
                .bind("issuedAt", utc(token.issuedAt()))
                .bind("expiresAt", utc(token.expiresAt()))
                .bind("familyExpiresAt", utc(token.familyExpiresAt()))
                .fetch().rowsUpdated().then();
    }

    /** Locks the row so two refreshes racing with the same token are decided one after the other. */
    Mono<RefreshToken> findByHashForUpdate(String tokenHash) {
        return database.sql("SELECT * FROM refresh_token WHERE token_hash = :hash FOR UPDATE")
                .bind("hash", tokenHash)
                .map(RefreshTokenRepository::toToken).one();
    }

    Mono<RefreshToken> findByIdForUpdate(UUID id) {
        return database.sql("SELECT * FROM refresh_token WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .map(RefreshTokenRepository::toToken).one();
    }

    /** Marks the token used and keeps its successor, sealed, for the reuse grace window. */
    Mono<Void> markUsed(UUID id, Instant when, UUID successorId, String successorSealed) {
        return database.sql("UPDATE refresh_token SET used_at = :usedAt, successor_id = :successorId, successor_sealed = :sealed WHERE id = :id")
                .bind("usedAt", utc(when)).bind("successorId", successorId).bind("sealed", successorSealed).bind("id", id)
                .fetch().rowsUpdated().then();
    }

    Mono<String> sealedSuccessor(UUID id) {
        return database.sql("SELECT successor_sealed FROM refresh_token WHERE id = :id AND successor_sealed IS NOT NULL")
                .bind("id", id).map(row -> row.get("successor_sealed", String.class)).one();
    }

    /** Forgets sealed successors once their grace window is over. */
    Mono<Long> forgetSuccessorsUsedBefore(Instant cutoff) {
        return database.sql("UPDATE refresh_token SET successor_sealed = NULL WHERE successor_sealed IS NOT NULL AND used_at < :cutoff")
                .bind("cutoff", utc(cutoff)).fetch().rowsUpdated();
    }

    Mono<Long> revokeFamily(UUID familyId, Instant when, String reason) {
        return database.sql("UPDATE refresh_token SET revoked_at = :when, revoked_reason = :reason WHERE family_id = :family AND revoked_at IS NULL")
                .bind("when", utc(when)).bind("reason", reason).bind("family", familyId)
                .fetch().rowsUpdated();
    }

    Mono<Long> revokeAccount(UUID accountId, Instant when, String reason) {
        return database.sql("UPDATE refresh_token SET revoked_at = :when, revoked_reason = :reason WHERE account_id = :account AND revoked_at IS NULL")
                .bind("when", utc(when)).bind("reason", reason).bind("account", accountId)
                .fetch().rowsUpdated();
    }

    private static RefreshToken toToken(Readable row) {
        return new RefreshToken(
                row.get("id", UUID.class),
                row.get("family_id", UUID.class),
                row.get("account_id", UUID.class),
                Role.valueOf(row.get("account_type", String.class)),
                List.of(row.get("amr", String.class).split(" ")),
                row.get("token_hash", String.class),
                instant(row, "issued_at"),
                instant(row, "expires_at"),
                // Families started before the column existed end at expires_at.
                instant(row, row.get("family_expires_at", OffsetDateTime.class) != null ? "family_expires_at" : "expires_at"),
                instant(row, "used_at"),
                instant(row, "revoked_at"),
                row.get("successor_id", UUID.class));
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
