package com.nakksha.defaults.outbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's main path: one instance of a service at a time reads its committed outbox rows by position
 * ({@link OutboxReader}) and sends them, holding a lease on the schema's {@code outbox_position} row; nothing is
 * claimed, marked or moved for a row the broker acknowledges (migration nakksha-defaults-013). The lease is taken
 * when it is free or lapsed ({@link OutboxProperties#claimLease()}), or when its holder's connection is gone: the holder
 * keeps an advisory lock on its connection, so an instance killed while it reads hands over at once, and one that hangs
 * with its connection open hands over when its lease lapses.
 *
 * <p>A key's rows are sent in id order, each after the previous one's acknowledgement when both are in flight. A row
 * the broker refuses, while others get through, is marked for the claim path ({@code next_attempt_at}, attempts
 * counted, parked after {@link OutboxProperties#maxAttempts()}), and so is every later row of its key, here and in later
 * rounds while the key has a marked row: the claim path retries them with backoff in the same order, and other keys
 * flow. The position moves, with those marks and the lease's renewal, in one statement once every row up to it was
 * acknowledged or marked: a crash loses no row, at worst sends one again, which consumers' inboxes absorb.
 *
 * <p>For a while after the broker refused a row, the stream hands every row of its topic to the claim path, whose sends
 * of one topic cannot hold up another's; the while doubles with each refusal, from {@link OutboxProperties#retryBackoff()}
 * up to {@link OutboxProperties#maxRetryBackoff()}.
 *
 * <p>Reading goes on while sends are on their way, up to {@link OutboxProperties#roundsInFlight()} rounds. A round in
 * which the broker acknowledged nothing, every failure was retriable and the producer holds no broker connection is an
 * outage of this instance's connection: it forgets what it sent since the last position it wrote, gives up the lease
 * for another instance to take, and tells the relay, which pauses.
 *
 * <p>Runs on a platform thread of its own, blocking, over JDBC: a row read through pgjdbc cost the JVM about 5 us less
 * than through the services' R2DBC driver (deploy/bench/README.md, 2026-12-06).
 */
final class OutboxStream {

    private static final Logger log = LoggerFactory.getLogger(OutboxStream.class);
    private static final Duration MAX_RECONNECT_BACKOFF = Duration.ofSeconds(10);
    private static final Duration FIRST_GAP_PAUSE = Duration.ofMillis(1);

    /** What the stream needs from the relay around it. */
    interface Relay {

        /** Sends one row, in a span of the trace that appended it. */
        CompletableFuture<?> send(OutboxReader.Row row);

        /** Why a completed send failed, or null when the broker acknowledged it. */
        Throwable failureOf(CompletableFuture<?> send);

        /** The round looks like a lost broker connection rather than refused rows. */
        boolean looksLikeOutage(List<Throwable> failures, boolean anyAcknowledged);

        /** Pauses the relay after an outage; the stream stays away from the broker until {@link #paused()} is false. */
        void outage(Throwable failure);

        boolean paused();

        /** The row was refused for the last allowed time. */
        void parked(long id, UUID eventId, String topic, String key, int attempts);

        /** The innermost cause, short enough for {@code outbox_event.last_error}. */
        String describe(Throwable failure);

        /** Rows of these keys were marked for the claim path. */
        void marked(Set<OutboxKey> keys);
    }

    /**
     * The holder also holds a session-level advisory lock on the stream's connection, which Postgres releases the moment
     * that connection ends: a free lock says the lease's holder is gone (killed, say) and its lease may be taken before
     * it lapses. One key per schema, in the single-bigint key space, which the outbox's same-key locks (two int keys) do
     * not share.
     */
    private static final String HOLDER_LOCK_KEY = "hashtext('nakksha.outbox_position.' || current_schema())::bigint";
    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(" + HOLDER_LOCK_KEY + ")";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(" + HOLDER_LOCK_KEY + ")";
    private static final String TAKE_LEASE = """
            UPDATE outbox_position SET holder = ?, lease_until = now() + make_interval(secs => ?)
            WHERE holder = ? OR holder IS NULL OR lease_until < now() OR ?
            RETURNING last_id""";
    private static final String RENEW_LEASE = """
            UPDATE outbox_position SET lease_until = now() + make_interval(secs => ?) WHERE holder = ? RETURNING last_id""";
    /** The common settle: every row acknowledged, nothing to mark. */
    private static final String MOVE_POSITION = """
            UPDATE outbox_position SET last_id = greatest(last_id, ?), lease_until = now() + make_interval(secs => ?)
            WHERE holder = ? RETURNING last_id""";
    private static final String RELEASE_LEASE = "UPDATE outbox_position SET holder = NULL, lease_until = '-infinity' WHERE holder = ?";
    /**
     * Marks and the position in one statement, all of it only while this instance holds the lease; a row comes back
     * only then, one for each refused row. Postgres runs every data-modifying expression whether or not the query reads it.
     */
    private static final String SETTLE = """
            WITH lease AS (
                UPDATE outbox_position SET last_id = greatest(last_id, ?), lease_until = now() + make_interval(secs => ?)
                WHERE holder = ?
                RETURNING last_id
            ), refused AS (
                UPDATE outbox_event failed
                SET attempts = failed.attempts + 1,
                    last_error = outcome.error,
                    next_attempt_at = now() + make_interval(secs => least(? * power(2, least(failed.attempts, 30)), ?)),
                    parked_at = CASE WHEN failed.attempts + 1 >= ? THEN now() END
                FROM unnest(?::bigint[], ?::varchar[]) AS outcome(id, error)
                WHERE failed.id = outcome.id AND EXISTS (SELECT FROM lease)
                RETURNING failed.id, failed.event_id, failed.topic, failed.message_key, failed.attempts, failed.parked_at IS NOT NULL AS parked
            ), behind AS (
                UPDATE outbox_event waiting SET next_attempt_at = now()
                WHERE waiting.id = ANY(?::bigint[]) AND waiting.next_attempt_at IS NULL AND EXISTS (SELECT FROM lease)
                RETURNING waiting.id
            )
            SELECT refused.id, refused.event_id, refused.topic, refused.message_key, refused.attempts, refused.parked
            FROM lease LEFT JOIN refused ON true""";

    private final OutboxRelay.JdbcConnector connector;
    private final Relay relay;
    private final OutboxProperties properties;
    private final String relayName;
    private final Counter published;
    private final Counter failures;
    private final Counter reads;
    private final Semaphore wakeUps = new Semaphore(0);
    private final ArrayDeque<Round> inFlight = new ArrayDeque<>();
    /** The latest unsettled send of each key; a later row of the key waits for it, or goes behind it when it failed. */
    private final Map<OutboxKey, CompletableFuture<?>> lastSends = new HashMap<>();
    /**
     * Topics whose rows go to the claim path for a while after the broker refused one: a send to a topic the broker does
     * not have blocks for the producer's metadata wait, and the stream would otherwise wait that long for each row.
     */
    private final Map<String, RestingTopic> restingTopics = new HashMap<>();

    private volatile boolean running;
    private volatile boolean leading;
    private Thread thread;
    private Connection connection;
    /** Whether this instance holds the advisory lock on {@link #connection} (see {@link #TRY_LOCK}). */
    private boolean holdsLock;
    private OutboxReader reader;
    private long leaseRenewedAt;
    /** How long the stream waits before reading again at a gap; doubles while the gap stays, up to the poll interval. */
    private Duration gapPause = FIRST_GAP_PAUSE;
    /** The position of the last round handed to {@link #inFlight}. */
    private long queuedPosition;
    private long lastRowsAt = System.nanoTime() - Long.MAX_VALUE / 2;

    OutboxStream(OutboxRelay.JdbcConnector connector, Relay relay, OutboxProperties properties, String relayName, Counter published, Counter failures,
            Counter reads) {
        this.connector = connector;
        this.relay = relay;
        this.properties = properties;
        this.relayName = relayName;
        this.published = published;
        this.failures = failures;
        this.reads = reads;
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("outbox-stream").daemon().start(this::run);
    }

    /** Stops reading, waits for the thread, and gives up the lease so that another instance takes over at once. */
    synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        wakeUps.release();
        try {
            thread.join(properties.sendTimeout().plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes the connection, which a stopped stream keeps for its next start: a new backend costs Postgres a process
     * and its caches. Call after {@link #stop}.
     */
    synchronized void close() {
        if (running || (thread != null && thread.isAlive())) {
            return;
        }
        closeConnection();
    }

    /** Whether this instance reads the schema's outbox now. */
    boolean leading() {
        return running && leading;
    }

    /** Asks for a round now. Safe from any thread. */
    void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    private void run() {
        int failuresInARow = 0;
        while (running) {
            try {
                step();
                failuresInARow = 0;
            } catch (SQLException | RuntimeException e) {
                log.warn("Outbox stream failed, will retry: {}", e.toString());
                forgetSinceLastPosition();
                closeConnection();
                await(OutboxRelay.backoff(properties.retryBackoff(), MAX_RECONNECT_BACKOFF, failuresInARow++));
            }
        }
        settleQuietly();
        closeReader();
    }

    private void step() throws SQLException {
        if (relay.paused()) {
            await(properties.pollInterval());
            return;
        }
        if (connection == null) {
            connection = open();
        }
        if (reader == null) {
            Long position = takeLease();
            if (position == null) {
                leading = false;
                await(properties.idlePollInterval());
                return;
            }
            leading = true;
            queuedPosition = position;
            reader = new OutboxReader(connection, position, properties.batchSize());
        }
        reads.increment();
        List<OutboxReader.Row> rows = reader.next();
        if (!rows.isEmpty()) {
            lastRowsAt = System.nanoTime();
            inFlight.add(send(rows, reader.position()));
        } else if (reader.position() > queuedPosition) {
            // A round that passed only ids that will never be committed moved the position too.
            inFlight.add(new Round(List.of(), List.of(), reader.position()));
        }
        queuedPosition = reader.position();
        boolean full = rows.size() >= properties.batchSize();
        // Caught up: settle every round. Too many rounds out: settle the oldest and every answered one after it. The
        // position is written once for all of them: a write a round cost as much as reading the round.
        if (!inFlight.isEmpty() && (!full || inFlight.size() > properties.roundsInFlight())) {
            List<Round> settling = new ArrayList<>(inFlight.size());
            settling.add(inFlight.pollFirst());
            while (!inFlight.isEmpty() && (!full || inFlight.peekFirst().answered())) {
                settling.add(inFlight.pollFirst());
            }
            if (!settle(settling)) {
                return;
            }
        }
        if (!full && reader != null && reader.waitingAtGap()) {
            // Most gaps are appends committing a moment later, and a rolled-back one is passed two reads later.
            await(gapPause);
            gapPause = gapPause.multipliedBy(2).compareTo(properties.pollInterval()) > 0 ? properties.pollInterval() : gapPause.multipliedBy(2);
        } else if (!full) {
            gapPause = FIRST_GAP_PAUSE;
            renewLeaseIfDue();
            boolean busy = System.nanoTime() - lastRowsAt < properties.idlePollInterval().toNanos();
            await(busy ? properties.pollInterval() : properties.idlePollInterval());
        }
    }

    private Round send(List<OutboxReader.Row> rows, long position) {
        List<Sent> sends = new ArrayList<>(rows.size());
        List<Behind> behind = new ArrayList<>();
        for (OutboxReader.Row row : rows) {
            if (row.marked()) {
                continue;
            }
            OutboxKey key = new OutboxKey(row.topic(), row.key());
            if (row.keyMarked() || resting(row.topic())) {
                behind.add(new Behind(row.id(), key));
                continue;
            }
            CompletableFuture<?> previous = lastSends.get(key);
            if (previous != null) {
                awaitQuietly(previous);
                if (relay.failureOf(previous) != null) {
                    behind.add(new Behind(row.id(), key));
                    continue;
                }
            }
            CompletableFuture<?> send = relay.send(row);
            if (send.isDone() && relay.failureOf(send) != null) {
                topicRefused(row.topic());
            }
            sends.add(new Sent(row.id(), key, send));
            lastSends.put(key, send);
        }
        return new Round(sends, behind, position);
    }

    /**
     * Records consecutive rounds' outcome once the broker answered every send: the position moves past the last of them
     * with their refused rows and the rows behind them marked. After an outage nothing is written and everything since
     * the last position is read again.
     *
     * @return false when the stream lost the lease or met an outage, and starts again from the position in the database
     */
    private boolean settle(List<Round> rounds) throws SQLException {
        List<Long> refusedIds = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<Throwable> refusals = new ArrayList<>();
        Set<OutboxKey> markedKeys = new HashSet<>();
        int acknowledged = 0;
        List<Sent> sends = new ArrayList<>();
        List<Behind> behind = new ArrayList<>();
        for (Round round : rounds) {
            sends.addAll(round.sends());
            behind.addAll(round.behind());
        }
        for (Sent sent : sends) {
            awaitQuietly(sent.ack());
            Throwable failure = relay.failureOf(sent.ack());
            if (failure == null) {
                acknowledged++;
            } else {
                refusedIds.add(sent.id());
                errors.add(relay.describe(failure));
                refusals.add(failure);
                markedKeys.add(sent.key());
            }
        }
        if (!refusals.isEmpty() && relay.looksLikeOutage(refusals, acknowledged > 0)) {
            failures.increment(refusals.size());
            log.warn("Broker acknowledged no outbox row this round ({}); giving up the outbox to other instances", errors.getFirst());
            forgetSinceLastPosition();
            releaseLease();
            relay.outage(refusals.getFirst());
            return false;
        }
        List<Long> behindIds = new ArrayList<>(behind.size());
        for (Behind waiting : behind) {
            behindIds.add(waiting.id());
            markedKeys.add(waiting.key());
        }
        boolean stillLeading = writePosition(rounds.getLast().position(), refusedIds, errors, behindIds);
        if (!markedKeys.isEmpty()) {
            relay.marked(markedKeys);
        }
        for (Sent sent : sends) {
            lastSends.remove(sent.key(), sent.ack());
            if (relay.failureOf(sent.ack()) == null) {
                restingTopics.remove(sent.key().topic());
            } else {
                topicRefused(sent.key().topic());
            }
        }
        published.increment(acknowledged);
        failures.increment(refusals.size());
        if (!refusals.isEmpty()) {
            log.warn("Broker refused {} outbox rows, first: {}; their keys' rows go to the retry path", refusals.size(), errors.getFirst());
        }
        if (!stillLeading) {
            log.info("Outbox relay {} lost the outbox lease to another instance", relayName);
            forgetSinceLastPosition();
            releaseLease();
        }
        return stillLeading;
    }

    private boolean writePosition(long position, List<Long> refusedIds, List<String> errors, List<Long> behind) throws SQLException {
        if (refusedIds.isEmpty() && behind.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(MOVE_POSITION)) {
                statement.setLong(1, position);
                statement.setDouble(2, seconds(properties.claimLease()));
                statement.setString(3, relayName);
                try (ResultSet result = statement.executeQuery()) {
                    leaseRenewedAt = System.nanoTime();
                    return result.next();
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(SETTLE)) {
            statement.setLong(1, position);
            statement.setDouble(2, seconds(properties.claimLease()));
            statement.setString(3, relayName);
            statement.setDouble(4, seconds(properties.retryBackoff()));
            statement.setDouble(5, seconds(properties.maxRetryBackoff()));
            statement.setInt(6, properties.maxAttempts());
            Array ids = connection.createArrayOf("bigint", refusedIds.toArray());
            Array texts = connection.createArrayOf("varchar", errors.toArray());
            Array waiting = connection.createArrayOf("bigint", behind.toArray());
            statement.setArray(7, ids);
            statement.setArray(8, texts);
            statement.setArray(9, waiting);
            boolean lease = false;
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    lease = true;
                    if (result.getBoolean(6)) {
                        relay.parked(result.getLong(1), result.getObject(2, UUID.class), result.getString(3), result.getString(4), result.getInt(5));
                    }
                }
            }
            leaseRenewedAt = System.nanoTime();
            return lease;
        }
    }

    /**
     * The stream's writes (position, lease, marks) commit without waiting for the WAL to reach disk: one lost in a crash
     * only sends its rows again, which consumers' inboxes absorb, and each booking's round would otherwise wait for a
     * flush of its own.
     */
    private Connection open() throws SQLException {
        Connection opened = connector.open();
        try (Statement settings = opened.createStatement()) {
            settings.execute("SET synchronous_commit TO off");
        } catch (SQLException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    private Long takeLease() throws SQLException {
        if (!holdsLock) {
            try (PreparedStatement lock = connection.prepareStatement(TRY_LOCK); ResultSet result = lock.executeQuery()) {
                holdsLock = result.next() && result.getBoolean(1);
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(TAKE_LEASE)) {
            statement.setString(1, relayName);
            statement.setDouble(2, seconds(properties.claimLease()));
            statement.setString(3, relayName);
            statement.setBoolean(4, holdsLock);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return null;
                }
                leaseRenewedAt = System.nanoTime();
                log.info("Outbox relay {} reads the outbox from id {}", relayName, result.getLong(1));
                return result.getLong(1);
            }
        }
    }

    private void renewLeaseIfDue() throws SQLException {
        if (System.nanoTime() - leaseRenewedAt < properties.claimLease().toNanos() / 3) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(RENEW_LEASE)) {
            statement.setDouble(1, seconds(properties.claimLease()));
            statement.setString(2, relayName);
            try (ResultSet result = statement.executeQuery()) {
                if (result.next()) {
                    leaseRenewedAt = System.nanoTime();
                } else {
                    forgetSinceLastPosition();
                    releaseLease();
                }
            }
        }
    }

    /** Gives up the lease, if this instance still holds it, and the lock, so that another instance takes over at once. */
    private void releaseLease() {
        leading = false;
        if (connection == null) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(RELEASE_LEASE)) {
            statement.setString(1, relayName);
            statement.executeUpdate();
        } catch (SQLException e) {
            log.debug("Outbox lease not released, it lapses: {}", e.toString());
        }
        if (holdsLock) {
            try (PreparedStatement unlock = connection.prepareStatement(UNLOCK); ResultSet result = unlock.executeQuery()) {
                holdsLock = false;
            } catch (SQLException e) {
                log.debug("Outbox lock not released, it goes with the connection: {}", e.toString());
            }
        }
    }

    /** On the way out: rounds the broker answered are recorded, and the lease goes. */
    private void settleQuietly() {
        try {
            if (!inFlight.isEmpty() && connection != null) {
                settle(List.copyOf(inFlight));
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("Outbox rounds not recorded on stop, they are read again: {}", e.toString());
        }
        forgetSinceLastPosition();
        releaseLease();
    }

    /** Drops the reader and every round not recorded: the next reader starts from the position in the database. */
    private void forgetSinceLastPosition() {
        closeReader();
        leading = false;
        inFlight.clear();
        lastSends.clear();
    }

    private void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (SQLException e) {
                log.debug("Outbox reader's statements did not close cleanly: {}", e.toString());
            }
            reader = null;
        }
    }

    private void closeConnection() {
        closeReader();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("Outbox stream connection did not close cleanly: {}", e.toString());
            }
            connection = null;
            holdsLock = false;
        }
    }

    private boolean resting(String topic) {
        RestingTopic resting = restingTopics.get(topic);
        return resting != null && System.nanoTime() < resting.until();
    }

    private void topicRefused(String topic) {
        RestingTopic before = restingTopics.get(topic);
        if (before != null && System.nanoTime() < before.until()) {
            return;
        }
        int refusals = before == null ? 1 : before.refusals() + 1;
        Duration rest = OutboxRelay.backoff(properties.retryBackoff(), properties.maxRetryBackoff(), refusals - 1);
        restingTopics.put(topic, new RestingTopic(System.nanoTime() + rest.toNanos(), refusals));
    }

    private void awaitQuietly(CompletableFuture<?> send) {
        try {
            send.get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // The outcome is read from the future; a timeout counts as a failure there.
        }
    }

    private void await(Duration pause) {
        try {
            if (wakeUps.tryAcquire(pause.toNanos(), TimeUnit.NANOSECONDS)) {
                wakeUps.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private record Sent(long id, OutboxKey key, CompletableFuture<?> ack) {
    }

    private record RestingTopic(long until, int refusals) {
    }

    private record Behind(long id, OutboxKey key) {
    }

    private record Round(List<Sent> sends, List<Behind> behind, long position) {

        boolean answered() {
            for (Sent sent : sends) {
                if (!sent.ack().isDone()) {
                    return false;
                }
            }
            return true;
        }
    }
}
