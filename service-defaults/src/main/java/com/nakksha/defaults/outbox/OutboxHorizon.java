package com.nakksha.defaults.outbox;

/**
 * How far a reader of outbox rows in id order may go when it keeps only a position, the last id it passed, and
 * never claims, marks or deletes a row: it must neither pass a row that a transaction still in progress will
 * commit (rows take their ids when inserted, not when committed) nor wait forever on an id that will never be
 * committed (a rolled-back append, an insert that lost a conflict).
 *
 * <p>Each round the reader runs one statement that returns the rows visible to its snapshot after the position, in
 * id order, that snapshot's {@code xmin} (the oldest transaction id still running when it was taken) and the last id
 * the table's sequence had handed out when the statement read it, which is after the snapshot was taken
 * ({@link OutboxReader}). Rows are passed in id order up to the first id not visible, the head gap. The gap is
 * passed only once no transaction that could have drawn it is still running: every outbox insert takes its
 * transaction id before it draws its row id ({@link Outbox}), so whoever drew an id at or below a sequence value the
 * reader saw holds a transaction id below one the reader takes for itself afterwards, its probe. Once a later
 * snapshot's {@code xmin} is above the probe, every such transaction has ended, and an id at or below that sequence
 * value that the snapshot still does not show never will be. A probe costs a transaction id and a commit, so the
 * reader asks for one only when the same head gap stayed for a second round: most gaps are appends of transactions
 * committing a moment later, which fill themselves.
 *
 * <p>Per key, rows are passed in id order, which is commit order ({@link Outbox} makes a key's writers draw their ids
 * one transaction after another). Not thread-safe: one reader owns an instance. Ids and transaction ids are
 * Postgres' 64-bit values ({@code bigint}, {@code xid8}).
 */
public final class OutboxHorizon {

    private long position;
    private long probeXid = -1;
    private long probeCovers = -1;
    private long wantedProbeCovers = -1;
    private long lastHeadGap = -1;
    private boolean probeWanted;

    /** @param position the last id already passed; every row with an id at or below it counts as passed */
    public OutboxHorizon(long position) {
        this.position = position;
    }

    /** The last id passed: the reader's next statement asks for rows above it. */
    public long position() {
        return position;
    }

    /**
     * Passes what one round's statement saw.
     *
     * @param visibleIds ids of the rows visible to the statement's snapshot above {@link #position()}, ascending;
     *                   only the first {@code count} are read
     * @param snapshotXmin the statement snapshot's {@code xmin}
     * @param lastDrawn the last id the sequence had handed out when the statement read it, after its snapshot
     * @return how many of the first {@code visibleIds} may be passed now, in their order; {@link #position()} has
     *         moved past them and past any id below the next visible one that will never be committed
     */
    public int advance(long[] visibleIds, int count, long snapshotXmin, long lastDrawn) {
        int passed = 0;
        while (passed < count) {
            long next = visibleIds[passed];
            if (next <= position) {
                throw new IllegalArgumentException("row " + next + " is not above the position " + position);
            }
            if (next == position + 1) {
                position = next;
                passed++;
            } else if (probeXid >= 0 && snapshotXmin > probeXid && probeCovers > position) {
                // Every id up to probeCovers that this snapshot does not show is final.
                position = Math.min(next - 1, probeCovers);
            } else {
                break;
            }
        }
        long headGap = passed < count ? position + 1 : -1;
        boolean coveredByPendingProbe = probeXid >= 0 && snapshotXmin <= probeXid && probeCovers >= headGap;
        probeWanted = headGap > 0 && headGap == lastHeadGap && !coveredByPendingProbe && lastDrawn >= headGap;
        lastHeadGap = headGap;
        wantedProbeCovers = lastDrawn;
        return passed;
    }

    /**
     * Whether the last {@link #advance} stopped at an id it could not pass while later rows were visible: the reader
     * should look again soon, as the gap is most often an append committing a moment later.
     */
    public boolean waitingAtGap() {
        return lastHeadGap > 0;
    }

    /** Whether the reader should take a transaction id for itself now and hand it to {@link #probed}. */
    public boolean probeWanted() {
        return probeWanted;
    }

    /**
     * Records the reader's probe: a transaction id it took, and committed, after the statement whose sequence value
     * the last {@link #advance} saw.
     */
    public void probed(long xid) {
        if (!probeWanted) {
            throw new IllegalStateException("no probe was asked for");
        }
        probeXid = xid;
        probeCovers = wantedProbeCovers;
        probeWanted = false;
    }
}
