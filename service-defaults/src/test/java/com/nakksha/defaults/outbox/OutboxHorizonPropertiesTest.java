package com.nakksha.defaults.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The horizon's rules on random histories of writers and reader rounds, with Postgres' snapshot rules modelled:
 * a round sees the rows of transactions committed before it, the oldest transaction id still running (or the next one
 * when none runs) and the last id drawn; a writer takes its transaction id before it draws row ids.
 */
class OutboxHorizonPropertiesTest {

    @Property(tries = 500)
    void passesEveryCommittedRowOnceInIdOrderAndNoRowOfARolledBackAppend(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int concurrentWriters, @ForAll @IntRange(min = 1, max = 40) int batch) {
        Random random = new Random(seed);
        Database database = new Database();
        Reader reader = new Reader(database, batch);
        for (int step = 0; step < 400; step++) {
            int action = random.nextInt(10);
            if (action < 2 && database.running.size() < concurrentWriters) {
                database.begin();
            } else if (action < 5 && !database.running.isEmpty()) {
                database.running.get(random.nextInt(database.running.size())).drawn.add(database.nextId++);
            } else if (action < 7 && !database.running.isEmpty()) {
                Transaction finished = database.running.get(random.nextInt(database.running.size()));
                database.end(finished, random.nextInt(4) > 0);
            } else {
                reader.round();
            }
            reader.assertNothingPassedThatWasNotCommitted();
        }
        while (!database.running.isEmpty()) {
            database.end(database.running.getFirst(), random.nextBoolean());
        }
        // Each round passes a batch, or leaves a gap of rolled-back rows at the head; at most three rounds pass a gap.
        int rounds = 3 * (database.committedIds.size() + 1);
        for (int round = 0; round < rounds && reader.passed.size() < database.committedIds.size(); round++) {
            reader.round();
        }

        assertThat(reader.passed).as("every committed row, once, in id order").containsExactlyElementsOf(database.committedIds);
    }

    @Property(tries = 200)
    void neverPassesAnIdWhoseTransactionIsStillRunning(@ForAll long seed) {
        Random random = new Random(seed);
        Database database = new Database();
        Reader reader = new Reader(database, 10);
        Transaction slow = database.begin();
        slow.drawn.add(database.nextId++);
        for (int step = 0; step < 200; step++) {
            Transaction quick = database.begin();
            quick.drawn.add(database.nextId++);
            database.end(quick, random.nextBoolean());
            reader.round();
        }

        assertThat(reader.horizon.position()).as("held at the slow writer's row").isLessThan(slow.drawn.getFirst());
        assertThat(reader.passed).isEmpty();

        database.end(slow, true);
        for (int round = 0; round < 3 * (database.committedIds.size() + 1); round++) {
            reader.round();
        }
        assertThat(reader.passed).containsExactlyElementsOf(database.committedIds);
    }

    private static final class Transaction {
        final long xid;
        final List<Long> drawn = new ArrayList<>();

        Transaction(long xid) {
            this.xid = xid;
        }
    }

    private static final class Database {
        long nextXid = 100;
        long nextId = 1;
        final List<Transaction> running = new ArrayList<>();
        final TreeSet<Long> committedIds = new TreeSet<>();

        Transaction begin() {
            Transaction transaction = new Transaction(nextXid++);
            running.add(transaction);
            return transaction;
        }

        void end(Transaction transaction, boolean commit) {
            running.remove(transaction);
            if (commit) {
                committedIds.addAll(transaction.drawn);
            }
        }

        long snapshotXmin() {
            return running.stream().mapToLong(transaction -> transaction.xid).min().orElse(nextXid);
        }
    }

    private static final class Reader {
        final Database database;
        final int batch;
        final OutboxHorizon horizon = new OutboxHorizon(0);
        final List<Long> passed = new ArrayList<>();

        Reader(Database database, int batch) {
            this.database = database;
            this.batch = batch;
        }

        void round() {
            long[] visible = database.committedIds.tailSet(horizon.position(), false).stream()
                    .limit(batch).mapToLong(Long::longValue).toArray();
            int count = horizon.advance(visible, visible.length, database.snapshotXmin(), database.nextId - 1);
            for (int i = 0; i < count; i++) {
                passed.add(visible[i]);
            }
            if (horizon.probeWanted()) {
                // The probe's own transaction commits at once.
                horizon.probed(database.nextXid++);
            }
        }

        void assertNothingPassedThatWasNotCommitted() {
            assertThat(database.committedIds).containsAll(passed);
            for (int i = 1; i < passed.size(); i++) {
                assertThat(passed.get(i)).isGreaterThan(passed.get(i - 1));
            }
            for (long id : database.committedIds.headSet(horizon.position(), true)) {
                assertThat(passed).as("committed row %d at or below the position %d", id, horizon.position()).contains(id);
            }
        }
    }
}
