package com.nakksha.identity.admin;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.nakksha.identity.account.EmailAddress;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Admin rows in the identity schema; a separate table from consultants, as the user decided. */
@Repository
public class AdminAccounts {

    private final DatabaseClient database;

    public AdminAccounts(DatabaseClient database) {
        this.database = database;
    }

    public Mono<AdminAccount> findById(UUID id) {
        return database.sql("SELECT * FROM admin_account WHERE id = :id").bind("id", id).map(AdminAccounts::toAdmin).one();
    }

    public Mono<AdminAccount> findByEmail(EmailAddress email) {
        return database.sql("SELECT * FROM admin_account WHERE lower(email) = :email").bind("email", email.value())
                .map(AdminAccounts::toAdmin).one();
    }

    /** True when the admin was created; false when the email already had an admin. */
    public Mono<Boolean> insertIfAbsent(UUID id, EmailAddress email, String passwordHash, String fullName, UUID createdBy, Instant now) {
        var spec = database.sql("""
                        INSERT INTO admin_account (id, email, password_hash, full_name, created_at, created_by)
                        VALUES (:id, :email, :hash, :name, :now, :createdBy)
                        ON CONFLICT ((lower(email))) DO NOTHING""")
                .bind("id", id).bind("email", email.value()).bind("hash", passwordHash).bind("name", fullName)
                .bind("now", utc(now));
        spec = createdBy == null ? spec.bindNull("createdBy", UUID.class) : spec.bind("createdBy", createdBy);
        return spec.fetch().rowsUpdated().map(rows -> rows == 1);
    }

    public Mono<Void> storePendingTotpSecret(UUID id, String sealedSecret) {
        return database.sql("UPDATE admin_account SET totp_pending_secret_sealed = :secret WHERE id = :id")
                .bind("secret", sealedSecret).bind("id", id).fetch().rowsUpdated().then();
    }

    public Mono<Void> enableTotp(UUID id, String sealedSecret, long usedStep, Instant now) {
        return database.sql("""
                        UPDATE admin_account SET totp_secret_sealed = :secret, totp_pending_secret_sealed = NULL,
                            totp_enabled_at = :now, totp_last_used_step = :step
                        WHERE id = :id""")
                .bind("secret", sealedSecret).bind("now", utc(now)).bind("step", usedStep).bind("id", id)
                .fetch().rowsUpdated().then();
    }

    /** Records the step of an accepted code; false when a concurrent login already used this or a later step. */
    public Mono<Boolean> useTotpStep(UUID id, long step) {
        return database.sql("""
                        UPDATE admin_account SET totp_last_used_step = :step
                        WHERE id = :id AND (totp_last_used_step IS NULL OR totp_last_used_step < :step)""")
                .bind("step", step).bind("id", id).fetch().rowsUpdated().map(rows -> rows == 1);
    }

    /** True when the admin was active and is now disabled. */
    public Mono<Boolean> disable(UUID id, Instant now) {
        return database.sql("UPDATE admin_account SET disabled_at = :now WHERE id = :id AND disabled_at IS NULL")
                .bind("now", utc(now)).bind("id", id).fetch().rowsUpdated().map(rows -> rows == 1);
    }

    /** Replaces the admin's recovery codes with these hashes. */
    public Mono<Void> replaceRecoveryCodes(UUID id, List<String> codeHashes, Instant now) {
        return database.sql("DELETE FROM admin_recovery_code WHERE admin_id = :id").bind("id", id).fetch().rowsUpdated()
                .thenMany(Flux.fromIterable(codeHashes).concatMap(hash -> database.sql(
                                "INSERT INTO admin_recovery_code (id, admin_id, code_hash, issued_at) VALUES (:id, :adminId, :hash, :now)")
                        .bind("id", UUID.randomUUID()).bind("adminId", id).bind("hash", hash).bind("now", utc(now))
                        .fetch().rowsUpdated()))
                .then();
    }

    /** Uses up one recovery code; false when the admin has no unused code with this hash. */
    public Mono<Boolean> useRecoveryCode(UUID id, String codeHash, Instant now) {
        return database.sql("UPDATE admin_recovery_code SET used_at = :now WHERE admin_id = :id AND code_hash = :hash AND used_at IS NULL")
                .bind("now", utc(now)).bind("id", id).bind("hash", codeHash).fetch().rowsUpdated().map(rows -> rows == 1);
    }

    private static AdminAccount toAdmin(Readable row) {
        return new AdminAccount(
                row.get("id", UUID.class),
                row.get("email", String.class),
                row.get("password_hash", String.class),
                row.get("full_name", String.class),
                row.get("totp_secret_sealed", String.class),
                row.get("totp_pending_secret_sealed", String.class),
                instant(row, "totp_enabled_at"),
                row.get("totp_last_used_step", Long.class),
                instant(row, "created_at"),
                row.get("created_by", UUID.class),
                instant(row, "disabled_at"));
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
