package com.nakksha.identity.emaillink;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.nakksha.defaults.outbox.Outbox;
import com.nakksha.events.ConsultantEmailLinkRequested;
import com.nakksha.events.ConsultantLoginLinkRequested;
import com.nakksha.events.EmailLinkPurpose;
import com.nakksha.identity.consultant.Consultant;
import com.nakksha.identity.encryption.DataEncryption;
import com.nakksha.identity.token.OpaqueToken;
import com.nakksha.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Single-use, expiring links for email verification, password reset and sign-in. Only the token's hash is
 * stored. The token reaches notification-service inside a ConsultantEmailLinkRequested event (a
 * ConsultantLoginLinkRequested one for sign-in links, which older readers of EmailLinkPurpose could not read),
 * sealed with a key the two services share: the outbox row, the Kafka log and any logged event
 * show ciphertext only, and the ciphertext is bound to its purpose and consultant.
 */
@Component
public class AccountLinks {

    private final DatabaseClient database;
    private final Outbox outbox;
    private final LinkTokenProperties properties;
    private final DataEncryption sealer;
    private final Clock clock;

    public AccountLinks(DatabaseClient database, Outbox outbox, LinkTokenProperties properties, Clock clock) {
        this.database = database;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
        Map<String, byte[]> keys = new LinkedHashMap<>();
        properties.keys().forEach((id, key) -> keys.put(id, Base64.getDecoder().decode(key.strip())));
        this.sealer = new DataEncryption(properties.activeKeyId(), keys);
    }

    /**
     * Issues a new link, making earlier unused links of the same purpose useless, and asks for the
     * email. Runs inside the caller's transaction.
     */
    public Mono<Void> issue(Consultant consultant, LinkPurpose purpose) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(purpose.lifetime(properties));
        OpaqueToken token = OpaqueToken.generate();
        String sealedToken = sealer.seal(token.value().getBytes(StandardCharsets.UTF_8), purpose.name() + ":" + consultant.id());
        SpecificRecord event = switch (purpose) {
            case EMAIL_VERIFICATION, PASSWORD_RESET -> ConsultantEmailLinkRequested.newBuilder()
                    .setEventId(UUID.randomUUID())
                    .setOccurredAt(now)
                    .setConsultantId(consultant.id())
                    .setEmail(consultant.email().value())
                    .setFirstName(consultant.profile().firstName())
                    .setPurpose(EmailLinkPurpose.valueOf(purpose.name()))
                    .setSealedToken(sealedToken)
                    .setExpiresAt(expiresAt)
                    .build();
            case LOGIN_LINK -> ConsultantLoginLinkRequested.newBuilder()
                    .setEventId(UUID.randomUUID())
                    .setOccurredAt(now)
                    .setConsultantId(consultant.id())
                    .setEmail(consultant.email().value())
                    .setFirstName(consultant.profile().firstName())
                    .setSealedToken(sealedToken)
                    .setExpiresAt(expiresAt)
                    .build();
        };
        return invalidateOutstanding(consultant.id(), purpose, now)
                .then(database.sql("""
                                INSERT INTO account_link_token (id, consultant_id, purpose, token_hash, created_at, expires_at)
                                VALUES (:id, :consultantId, :purpose, :hash, :createdAt, :expiresAt)""")
                        .bind("id", UUID.randomUUID())
                        .bind("consultantId", consultant.id())
                        .bind("purpose", purpose.name())
                        .bind("hash", token.sha256())
                        .bind("createdAt", utc(now))
                        .bind("expiresAt", utc(expiresAt))
                        .fetch().rowsUpdated())
                .then(outbox.append(Topic.IDENTITY_CONSULTANT, consultant.id().toString(), event));
    }

    /**
     * Uses up a presented token: the consultant it was issued to, or empty when the token is
     * unknown, already used, expired or for another purpose. Runs inside the caller's transaction.
     */
    public Mono<UUID> redeem(String presentedToken, LinkPurpose purpose) {
        Instant now = clock.instant();
        return database.sql("""
                        UPDATE account_link_token SET used_at = :now, redeemed_at = :now
                        WHERE token_hash = :hash AND purpose = :purpose AND used_at IS NULL AND expires_at > :now
                        RETURNING consultant_id""")
                .bind("now", utc(now))
                .bind("hash", OpaqueToken.sha256(presentedToken))
                .bind("purpose", purpose.name())
                .map(row -> row.get("consultant_id", UUID.class))
                .one();
    }

    /**
     * The consultant a presented token was issued to when {@link #redeem} already used it up and it is still
     * within its validity; empty when it is unknown, unused, expired, for another purpose, or was made useless by
     * a newer link without ever being redeemed. Changes nothing: for answering a repeated redemption as the first
     * one was answered (RFC 9110 §9.2.2), where the caller has decided that is safe for the purpose.
     */
    public Mono<UUID> redeemedBefore(String presentedToken, LinkPurpose purpose) {
        return database.sql("""
                        SELECT consultant_id FROM account_link_token
                        WHERE token_hash = :hash AND purpose = :purpose AND redeemed_at IS NOT NULL AND expires_at > :now""")
                .bind("now", utc(clock.instant()))
                .bind("hash", OpaqueToken.sha256(presentedToken))
                .bind("purpose", purpose.name())
                .map(row -> row.get("consultant_id", UUID.class))
                .one();
    }

    /** True when a link of this purpose was issued to the consultant at or after {@code since}. */
    public Mono<Boolean> issuedSince(UUID consultantId, LinkPurpose purpose, Instant since) {
        return database.sql("SELECT EXISTS (SELECT 1 FROM account_link_token WHERE consultant_id = :id AND purpose = :purpose AND created_at >= :since) AS recent")
                .bind("id", consultantId).bind("purpose", purpose.name()).bind("since", utc(since))
                .map(row -> Boolean.TRUE.equals(row.get("recent", Boolean.class))).one();
    }

    public Mono<Void> invalidateOutstanding(UUID consultantId, LinkPurpose purpose, Instant now) {
        return database.sql("UPDATE account_link_token SET used_at = :now WHERE consultant_id = :id AND purpose = :purpose AND used_at IS NULL")
                .bind("now", utc(now)).bind("id", consultantId).bind("purpose", purpose.name())
                .fetch().rowsUpdated().then();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
