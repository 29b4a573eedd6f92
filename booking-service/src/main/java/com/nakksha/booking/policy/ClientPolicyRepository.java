package com.nakksha.booking.policy;

import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/** One client policy per consultant; none stored means {@link ClientPolicy#DEFAULT}. */
@Repository
class ClientPolicyRepository {

    private final DatabaseClient database;

    ClientPolicyRepository(DatabaseClient database) {
        this.database = database;
    }

    Mono<ClientPolicy> find(UUID consultantId) {
        return database.sql("SELECT * FROM client_policy WHERE consultant_id = :consultant")
                .bind("consultant", consultantId)
                .map(row -> new ClientPolicy(
                        row.get("minimum_notice_minutes", Integer.class),
                        row.get("maximum_reschedules", Integer.class),
                        ClientPolicy.Refund.valueOf(row.get("refund", String.class)),
                        row.get("refund_percent", Integer.class),
                        row.get("refund_deadline_minutes", Integer.class)))
                .one();
    }

    Mono<Void> save(UUID consultantId, ClientPolicy policy, Instant now) {
        return database.sql("""
                        INSERT INTO client_policy (consultant_id, minimum_notice_minutes, maximum_reschedules, refund,
                            refund_percent, refund_deadline_minutes, updated_at)
                        VALUES (:consultant, :notice, :reschedules, :refund, :percent, :deadline, :now)
                        ON CONFLICT (consultant_id) DO UPDATE SET minimum_notice_minutes = EXCLUDED.minimum_notice_minutes,
                            maximum_reschedules = EXCLUDED.maximum_reschedules, refund = EXCLUDED.refund,
                            refund_percent = EXCLUDED.refund_percent,
                            refund_deadline_minutes = EXCLUDED.refund_deadline_minutes, updated_at = EXCLUDED.updated_at""")
                .bind("consultant", consultantId)
                .bind("notice", policy.minimumNoticeMinutes())
                .bind("reschedules", policy.maximumReschedules())
                .bind("refund", policy.refund().name())
                .bind("percent", Parameter.fromOrEmpty(policy.refundPercent(), Integer.class))
                .bind("deadline", Parameter.fromOrEmpty(policy.refundDeadlineMinutes(), Integer.class))
                .bind("now", now)
                .then();
    }
}
