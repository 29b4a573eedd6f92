package com.nakksha.defaults.outbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.nakksha.defaults.commit.CommitWrites;
import com.nakksha.defaults.commit.CommitWrites.Write;
import com.nakksha.schemas.EventMetadata;
import com.nakksha.schemas.Topic;
import com.nakksha.schemas.serde.AvroEventCodec;
import org.apache.avro.specific.SpecificRecord;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.Parameter;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Appends events to the outbox table inside the caller's transaction, so the event exists exactly
 * when the state change that raised it was committed.
 *
 * <p>{@link #append} checks and encodes the event at once but keeps the row in a buffer of the
 * transaction; one statement at {@code beforeCommit} writes all rows the transaction appended, in
 * append order ({@link CommitWrites}, which sends it together with the transaction's other writes
 * deferred to its commit). A transaction that raises several events so costs one round trip for
 * them, not one each. The rows are therefore not visible to the transaction's own queries before it
 * commits, and a failure to write them (such as a repeated event id) fails the commit, which rolls back.
 *
 * <p>Per key, rows must reach the relay in commit order, yet the row id is drawn at insert time.
 * Two transactions appending for the same key without locking a common aggregate row (identity's
 * resend-verification and forgot-password paths) could otherwise commit in the opposite order of
 * their ids, and the relay, which publishes a key's rows in id order, would publish them out of
 * commit order. So the writing statement first takes a transaction-scoped advisory lock on each
 * (schema, topic, key) hash it writes: a second writer of the same key waits until the first commits
 * or rolls back, and only then draws its ids, which makes id order equal commit order per key. The
 * locks are taken in the order of their hashes, so two transactions writing the same keys never
 * deadlock on them, and only at commit, so they are held for the commit alone. This was chosen
 * over ordering by commit xid ({@code pg_current_xact_id} with snapshot checks) because it keeps
 * the relay's queries simple and costs only same-key writers a wait.
 *
 * <p>A savepoint does not tell the buffer when it is rolled back: run work that appends inside a
 * savepoint through {@link #nested}, which drops the events the work appended when it fails.
 *
 * <p>The row keeps the W3C trace context the append ran in ({@link OutboxTracing}), so the relay,
 * which sends it later from a thread of its own, publishes it in the same trace.
 *
 * <p>After commit the local relay is woken in-process; no {@code NOTIFY} is sent, because Postgres
 * serialises the commits of all notifying transactions of a cluster on one lock.
 */
public class Outbox {

    /**
     * Most rows one statement writes: 7 parameters a row stay far below the protocol's 65535. More rows
     * take more statements; the first one locks the keys of all of them.
     */
    static final int ROWS_PER_STATEMENT = 1000;

    private final CommitWrites commitWrites;
    private final AvroEventCodec codec;
    private final String writerName;
    private final Runnable afterCommit;
    private final OutboxTracing tracing;

    /**
     * @param commitWrites writes the rows at commit, with the transaction's other deferred writes
     * @param writerName the application name; only a topic's registered writer may append to it
     * @param afterCommit run once for each committed transaction that appended, to wake a relay
     * @param tracing reads the appender's trace context, which the row keeps for the relay's send
     */
    public Outbox(CommitWrites commitWrites, AvroEventCodec codec, String writerName, Runnable afterCommit,
            OutboxTracing tracing) {
        this.commitWrites = commitWrites;
        this.codec = codec;
        this.writerName = writerName;
        this.afterCommit = afterCommit;
        this.tracing = tracing;
    }

    /**
     * Appends {@code event} for {@code topic} with Kafka key {@code key} to the current transaction; its row is
     * written with the transaction's other rows just before it commits.
     *
     * @return completes when the row is buffered; fails with {@link IllegalStateException} outside a
     *         transaction, when this service is not the topic's writer or when the transaction is already
     *         committing, with {@link IllegalArgumentException} when the topic does not carry the event's type
     */
    public Mono<Void> append(Topic topic, String key, SpecificRecord event) {
        Objects.requireNonNull(key, "key");
        if (!topic.carries(event.getClass())) {
            return Mono.error(new IllegalArgumentException(
                    "topic " + topic.topicName() + " does not carry " + event.getClass().getSimpleName()));
        }
        if (!topic.writer().equals(writerName)) {
            return Mono.error(new IllegalStateException(
                    "topic " + topic.topicName() + " is written by " + topic.writer() + ", not " + writerName));
        }
        byte[] payload = codec.encode(event);
        return CommitWrites.currentTransaction("Outbox.append")
                .zipWith(tracing.current())
                .flatMap(appending -> pendingRowsOf(appending.getT1()).add(new Row(EventMetadata.eventId(event),
                        topic.topicName(), key, event.getSchema().getFullName(), payload,
                        appending.getT2().traceparent(), appending.getT2().tracestate())));
    }

    /**
     * Runs {@code work} through {@code savepoint}, an operator of propagation NESTED, inside the current
     * transaction: when the work fails (and its savepoint is rolled back), or is cancelled, the events it appended
     * are dropped with its writes.
     *
     * @return the work's result; fails with {@link IllegalStateException} outside a transaction, or as the work fails
     */
    public <T> Mono<T> nested(TransactionalOperator savepoint, Mono<T> work) {
        return CommitWrites.currentTransaction("Outbox.append").flatMap(transaction -> {
            PendingRows rows = pendingRowsOf(transaction);
            int mark = rows.size();
            return savepoint.transactional(work)
                    .doOnError(failed -> rows.dropFrom(mark))
                    .doOnCancel(() -> rows.dropFrom(mark));
        });
    }

    private PendingRows pendingRowsOf(TransactionSynchronizationManager transaction) {
        return commitWrites.pendingOf(transaction, this, PendingRows::new);
    }

    private record Row(UUID eventId, String topic, String key, String type, byte[] payload, String traceparent,
                       String tracestate) {
    }

    /**
     * The rows one transaction appended, kept in its {@link CommitWrites} buffer; written at its commit. A
     * transaction suspended by one of propagation REQUIRES_NEW takes its rows out of sight while it waits.
     */
    private final class PendingRows implements CommitWrites.Pending {

        private final List<Row> rows = new ArrayList<>();
        private boolean written;

        synchronized Mono<Void> add(Row row) {
            if (written) {
                return Mono.error(new IllegalStateException("Outbox.append after its transaction wrote its rows at commit"));
            }
            rows.add(row);
            return Mono.empty();
        }

        synchronized int size() {
            return rows.size();
        }

        synchronized void dropFrom(int mark) {
            if (!written && rows.size() > mark) {
                rows.subList(mark, rows.size()).clear();
            }
        }

        @Override
        public List<Write> writesAtCommit() {
            List<Row> toWrite;
            synchronized (this) {
                written = true;
                toWrite = List.copyOf(rows);
            }
            String[] keys = toWrite.stream().map(row -> row.topic() + '/' + row.key()).distinct().toArray(String[]::new);
            List<Write> writes = new ArrayList<>();
            for (int from = 0; from < toWrite.size(); from += ROWS_PER_STATEMENT) {
                writes.add(insert(toWrite.subList(from, Math.min(toWrite.size(), from + ROWS_PER_STATEMENT)),
                        from == 0 ? keys : new String[0]));
            }
            return writes;
        }

        @Override
        public void afterCommit() {
            boolean appended;
            synchronized (this) {
                appended = !rows.isEmpty();
            }
            if (appended) {
                afterCommit.run();
            }
        }
    }

    /**
     * One statement: locks the keys' hashes in ascending order (in a CTE the insert waits for by joining its count),
     * then inserts the rows in the order given, so ids follow append order. The same CTE takes the transaction's id,
     * if it has none yet, before any row id is drawn: a reader that keeps only a position learns from the transaction
     * ids still running whether an id it cannot see may yet be committed ({@link OutboxHorizon}).
     */
    private static Write insert(List<Row> rows, String[] keysToLock) {
        StringBuilder values = new StringBuilder();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("keys", keysToLock);
        for (int i = 0; i < rows.size(); i++) {
            values.append(i == 0 ? "" : ",\n    ")
                    .append("(").append(i).append(", :e").append(i).append("::uuid, :t").append(i).append("::varchar, :k")
                    .append(i).append("::varchar, :y").append(i).append("::varchar, :p").append(i).append("::bytea, :tp")
                    .append(i).append("::varchar, :ts").append(i).append("::varchar)");
            Row row = rows.get(i);
            parameters.put("e" + i, row.eventId());
            parameters.put("t" + i, row.topic());
            parameters.put("k" + i, row.key());
            parameters.put("y" + i, row.type());
            parameters.put("p" + i, row.payload());
            parameters.put("tp" + i, Parameter.fromOrEmpty(row.traceparent(), String.class));
            parameters.put("ts" + i, Parameter.fromOrEmpty(row.tracestate(), String.class));
        }
        return new Write("""
                        WITH appended (n, event_id, topic, message_key, event_type, payload, traceparent, tracestate) AS (
                            VALUES %s),
                        same_key_writers_wait AS (
                            SELECT pg_advisory_xact_lock(hashtext(current_schema()), h)
                            FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest(:keys::text[]) AS k) AS keys
                            ORDER BY h),
                        locked AS (SELECT count(*) AS keys, pg_current_xact_id() AS xid FROM same_key_writers_wait)
                        INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload, traceparent, tracestate)
                        SELECT event_id, topic, message_key, event_type, payload, traceparent, tracestate
                        FROM appended CROSS JOIN locked WHERE locked.xid IS NOT NULL ORDER BY n""".formatted(values), parameters);
    }
}
