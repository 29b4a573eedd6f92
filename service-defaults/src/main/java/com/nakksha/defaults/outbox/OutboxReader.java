package com.nakksha.defaults.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads committed outbox rows in id order, after a position, without claiming, marking or deleting any: one
 * statement a round on a connection of its own, and a probe now and then ({@link OutboxHorizon} says when a row
 * may be passed). Through pgjdbc: a row read costs the JVM about a fifth of what the services' R2DBC stack costs
 * (deploy/bench/README.md, "what a statement's round trip costs through each driver").
 *
 * <p>Not thread-safe: one reader uses the connection at a time, which must be in autocommit mode, in the service's
 * schema, so that the probe's transaction id is committed at once.
 *
 * <p>The reader plans its statement once for its connection. Left to Postgres, each read was planned anew: with the
 * position bound, a custom plan always looks cheaper than the generic one, and planning cost 0.2–0.7 ms against 0.05–0.1
 * ms of execution for a round of a few rows (EXPLAIN, 2026-12-06). A generic plan made while {@code outbox_event} is
 * nearly empty could scan it instead of walking its primary key, and would be kept as the table grows: sequential scans
 * are off on the connection, as for the claim functions (nakksha-defaults-012).
 */
public final class OutboxReader implements AutoCloseable {

    /**
     * The statement's snapshot is taken before it runs, so the sequence is read after it. A row's key is looked up among
     * the marked rows only when there are any, which is seldom.
     */
    private static final String READ = """
            SELECT seen.xmin, seen.last_drawn, row.id, row.topic, row.message_key, row.payload, row.traceparent, row.tracestate,
                   row.marked,
                   row.marked OR (seen.any_marked AND EXISTS (
                       SELECT FROM outbox_event waiting
                       WHERE waiting.topic = row.topic AND waiting.message_key = row.message_key AND waiting.published_at IS NULL
                         AND (waiting.next_attempt_at IS NOT NULL OR waiting.parked_at IS NOT NULL))) AS key_marked
            FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin,
                         coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox_event', 'id')::regclass), 0) AS last_drawn,
                         EXISTS (SELECT FROM outbox_event marked WHERE marked.published_at IS NULL
                                   AND (marked.next_attempt_at IS NOT NULL OR marked.parked_at IS NOT NULL)) AS any_marked) AS seen
            LEFT JOIN LATERAL (
                SELECT id, topic, message_key, payload, traceparent, tracestate,
                       published_at IS NOT NULL OR next_attempt_at IS NOT NULL OR parked_at IS NOT NULL AS marked
                FROM outbox_event
                WHERE id > ? ORDER BY id LIMIT ?) AS row ON true
            ORDER BY row.id""";
    private static final String PROBE = "SELECT pg_current_xact_id()::text::bigint";

    /**
     * One outbox row as the reader passes it.
     *
     * @param marked the row is not the reader's to send: the claim path holds it (refused before, or parked), or it was
     *               published before the position existed
     * @param keyMarked this row or an earlier unpublished one of its key is marked, so this one must wait behind it
     */
    public record Row(long id, String topic, String key, byte[] payload, String traceparent, String tracestate,
            boolean marked, boolean keyMarked) {
    }

    private final OutboxHorizon horizon;
    private final int batchSize;
    private final PreparedStatement read;
    private final PreparedStatement probe;
    private final long[] ids;
    private final List<Row> rows;

    /**
     * @param connection in autocommit mode, its schema the service's, used by nothing else that needs other planner
     *                   settings: the reader sets {@code plan_cache_mode} and {@code enable_seqscan} on it; it stays open
     *                   when the reader is closed
     * @param position the last id already passed
     * @param batchSize most rows a round reads
     * @throws SQLException when the statements cannot be prepared
     */
    public OutboxReader(Connection connection, long position, int batchSize) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new IllegalArgumentException("the outbox reader's connection must be in autocommit mode");
        }
        try (Statement settings = connection.createStatement()) {
            settings.execute("SET plan_cache_mode TO force_generic_plan");
            settings.execute("SET enable_seqscan TO off");
        }
        this.horizon = new OutboxHorizon(position);
        this.batchSize = batchSize;
        this.read = connection.prepareStatement(READ);
        this.probe = connection.prepareStatement(PROBE);
        this.ids = new long[batchSize];
        this.rows = new ArrayList<>(batchSize);
    }

    /** Whether the last round stopped before an id that may yet be committed, with later rows waiting behind it. */
    public boolean waitingAtGap() {
        return horizon.waitingAtGap();
    }

    /** The last id passed. */
    public long position() {
        return horizon.position();
    }

    /**
     * Reads one round.
     *
     * @return the rows that may be passed now, in id order, at most the batch size; empty while the first row after
     *         the position is one whose transaction may still commit, or when there is none
     * @throws SQLException when the read fails; the position stays where it was
     */
    public List<Row> next() throws SQLException {
        rows.clear();
        long xmin = 0;
        long lastDrawn = 0;
        read.setLong(1, horizon.position());
        read.setInt(2, batchSize);
        try (ResultSet result = read.executeQuery()) {
            while (result.next()) {
                xmin = result.getLong(1);
                lastDrawn = result.getLong(2);
                long id = result.getLong(3);
                if (result.wasNull()) {
                    break;
                }
                ids[rows.size()] = id;
                rows.add(new Row(id, result.getString(4), result.getString(5), result.getBytes(6), result.getString(7), result.getString(8),
                        result.getBoolean(9), result.getBoolean(10)));
            }
        }
        int passed = horizon.advance(ids, rows.size(), xmin, lastDrawn);
        if (horizon.probeWanted()) {
            try (ResultSet result = probe.executeQuery()) {
                result.next();
                horizon.probed(result.getLong(1));
            } catch (SQLException e) {
                // The rows are passed already; the horizon asks for a probe again while the gap stays.
            }
        }
        return List.copyOf(rows.subList(0, passed));
    }

    /** Closes the reader's statements. */
    @Override
    public void close() throws SQLException {
        read.close();
        probe.close();
    }
}
