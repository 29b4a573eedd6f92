package com.nakksha.identity.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Authentication events an operator audits (issue 14): admin logins and their failures, lockouts,
 * sign-in links sent, used and refused, and refresh-token reuse. Each is a {@code security_event} row and one structured log line on the
 * {@code nakksha.audit} logger. Never a password, code or token: the email as typed, the account id
 * when known and the client address.
 */
@Component
public class SecurityEvents {

    private static final Logger audit = LoggerFactory.getLogger("nakksha.audit");

    private final DatabaseClient database;
    private final JsonMapper json;
    private final Clock clock;

    public SecurityEvents(DatabaseClient database, JsonMapper json, Clock clock) {
        this.database = database;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records one event in its own statement (outside the caller's transaction when there is none, so a
     * refused login still leaves its trace). A failure to record is logged and does not change the answer.
     */
    public Mono<Void> record(Kind kind, String accountType, UUID accountId, String email, String address, Map<String, Object> details) {
        audit.info("security event kind={} accountType={} accountId={} email={} address={} details={}",
                kind, accountType, accountId, email, address, details);
        var spec = database.sql("""
                        INSERT INTO security_event (id, kind, account_type, account_id, email, address, details, occurred_at)
                        VALUES (:id, :kind, :accountType, :accountId, :email, :address, :details, :at)""")
                .bind("id", UUID.randomUUID()).bind("kind", kind.name())
                .bind("details", Json.of(json.writeValueAsString(details)))
                .bind("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        spec = accountType == null ? spec.bindNull("accountType", String.class) : spec.bind("accountType", accountType);
        spec = accountId == null ? spec.bindNull("accountId", UUID.class) : spec.bind("accountId", accountId);
        spec = email == null ? spec.bindNull("email", String.class) : spec.bind("email", email);
        spec = address == null ? spec.bindNull("address", String.class) : spec.bind("address", address);
        return spec.fetch().rowsUpdated().then()
                .onErrorResume(error -> {
                    audit.warn("could not store security event kind={}: {}", kind, error.toString());
                    return Mono.empty();
                });
    }

    public enum Kind {
        ADMIN_LOGIN_SUCCEEDED,
        ADMIN_LOGIN_FAILED,
        LOGIN_THROTTLED,
        REFRESH_TOKEN_REUSE,
        ADMIN_DISABLED,
        RECOVERY_CODE_USED,
        /** A sign-in link was mailed: the step-up at the account-wide failed-login limit. */
        LOGIN_LINK_SENT,
        LOGIN_LINK_USED,
        /** A presented sign-in token was unknown, altered, of another purpose, used or expired. */
        LOGIN_LINK_REFUSED
    }
}
