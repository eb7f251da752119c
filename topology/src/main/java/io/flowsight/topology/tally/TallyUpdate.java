package io.flowsight.topology.tally;

/** The write side of a {@link Tally} that a record's contribution sees. */
public final class TallyUpdate {
    private final int exactDistinctLimit;
    private Tally tally;

    public TallyUpdate(int exactDistinctLimit) {
        this.exactDistinctLimit = exactDistinctLimit;
    }

    TallyUpdate on(Tally target) {
        this.tally = target;
        return this;
    }

    public void add(int counter, long amount) {
        tally.counters[counter] += amount;
    }

    /** Widens the tally's first/last-seen span to {@code timestamp} (a partial sum's earliest record). */
    public void seen(long timestamp) {
        tally.seen(timestamp);
    }

    /** Adds a distinct value; ignored by tallies that keep no distinct counts (windows no detector judges). */
    public void distinct(int index, String value) {
        if (value != null && index < tally.distincts.length) {
            tally.distincts[index].add(value, exactDistinctLimit);
        }
    }
}
