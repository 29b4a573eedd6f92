package com.nakksha.identity.token;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
                        INSERT INTO refresh_token (id, family_id, account_id, account_type, token_hash, issued_at, expires_at)
                        VALUES (:id, :familyId, :accountId, :accountType, :tokenHash, :issuedAt, :expiresAt)""")
                .bind("id", token.id())
                .bind("familyId", token.familyId())
                .bind("accountId", token.accountId())
                .bind("accountType", token.accountType().name())
                .bind("tokenHash", token.tokenHash())
                .bind("issuedAt", utc(token.issuedAt()))
                .bind("expiresAt", utc(token.expiresAt()))
                .fetch().rowsUpdated().then();
    }

    /** Locks the row so two refreshes racing with the same token are decided one after the other. */
    Mono<RefreshToken> findByHashForUpdate(String tokenHash) {
        return database.sql("SELECT * FROM refresh_token WHERE token_hash = :hash FOR UPDATE")
                .bind("hash", tokenHash)
                .map(RefreshTokenRepository::toToken).one();
    }

    Mono<Void> markUsed(UUID id, Instant when) {
        return database.sql("UPDATE refresh_token SET used_at = :usedAt WHERE id = :id")
                .bind("usedAt", utc(when)).bind("id", id)
                .fetch().rowsUpdated().then();
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
                row.get("token_hash", String.class),
                instant(row, "issued_at"),
                instant(row, "expires_at"),
                instant(row, "used_at"),
                instant(row, "revoked_at"));
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
