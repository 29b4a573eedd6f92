package com.nakksha.defaults.it;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.nakksha.testsupport.NakkshaServiceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim function's rules, called directly (this instance runs no relay): a claim takes each
 * free key's earliest rows, and a key stays with the claim that holds it, whether that claim was
 * written by this version (it lists its keys) or by a relay of the version before (it lists rows only).
 */
@NakkshaServiceTest(schema = "outboxclaimit")
@TestPropertySource(properties = "nakksha.outbox.relay-enabled=false")
class OutboxClaimIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TOPIC = "booking.session";

    @Autowired
    DatabaseClient database;

    @BeforeEach
    void emptyOutbox() {
        database.sql("TRUNCATE outbox_event, outbox_claim").then().block(WAIT);
    }

    @Test
    void aKeyInFlightWaitsForItsClaimWhileOtherKeysAreClaimed() {
        long a1 = append("a");
        long b1 = append("b");
        long a2 = append("a");
        assertThat(claim()).containsExactly(a1, b1, a2);

        append("a");
        long c1 = append("c");
        append("b");
        assertThat(claim()).containsExactly(c1);
    }

    @Test
    void aKeyHeldByAClaimOfThePreviousVersionWaitsToo() {
        long d1 = append("d");
        database.sql("INSERT INTO outbox_claim (claimed_by, claimed_until, event_rows) VALUES ('previous-version', now() + interval '30 seconds', ARRAY[:row]::bigint[])")
                .bind("row", d1).then().block(WAIT);
        append("d");
        long e1 = append("e");
        assertThat(claim()).containsExactly(e1);
    }

    @Test
    void aLapsedClaimGivesItsKeysBack() {
        long f1 = append("f");
        assertThat(claim()).containsExactly(f1);
        long f2 = append("f");
        assertThat(claim()).isEmpty();

        database.sql("UPDATE outbox_claim SET claimed_until = now() - interval '1 second'").then().block(WAIT);
        assertThat(claim()).containsExactly(f1, f2);
    }

    /**
     * Every relay round calls these two: planned afresh at each call they cost more CPU than they execute
     * (nakksha-defaults-011). A later {@code CREATE OR REPLACE FUNCTION} without the setting would drop it silently.
     */
    @Test
    void theClaimAndSettleFunctionsKeepOneGenericPlanPerConnection() {
        List<String> settings = database.sql("""
                        SELECT p.proname || ' ' || array_to_string(p.proconfig, ',') AS setting FROM pg_proc p
                        WHERE p.pronamespace = current_schema()::regnamespace AND p.proname IN ('outbox_claim_batch', 'outbox_settle')
                        ORDER BY p.proname""")
                .map(row -> row.get("setting", String.class)).all().collectList().block(WAIT);
        assertThat(settings).containsExactly("outbox_claim_batch plan_cache_mode=force_generic_plan",
                "outbox_settle plan_cache_mode=force_generic_plan");
    }

    private long append(String key) {
        return database.sql("""
                        INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload)
                        VALUES (:eventId, :topic, :key, 'com.nakksha.events.SessionCompleted', '\\x00'::bytea) RETURNING id""")
                .bind("eventId", UUID.randomUUID())
                .bind("topic", TOPIC)
                .bind("key", key)
                .map(row -> row.get("id", Long.class))
                .one().block(WAIT);
    }

    /** The outbox rows one claim took, in id order. */
    private List<Long> claim() {
        return database.sql("SELECT id FROM outbox_claim_batch('outbox-claim-it', 30, 100) ORDER BY id")
                .map(row -> row.get("id", Long.class))
                .all().collectList().block(WAIT);
    }
}
