package io.flowsight.topology.tally;

import java.util.Arrays;

/**
 * What one key did in one window: its counters (bytes, flows, requests, ...), its distinct counts (ports, hosts)
 * and, for the detectors that alert while the window is open, the bar each measure must cross (taken from the key's
 * baseline when the window started for it). Mutable; lives in a state store between records.
 */
public final class Tally {
    private static final DistinctCount EMPTY = new DistinctCount();

    final long[] counters;
    final DistinctCount[] distincts;
    final double[] bars;
    long firstSeen;
    long lastSeen;

    Tally(int counters, int distincts, double[] bars) {
        this.counters = new long[counters];
        this.distincts = new DistinctCount[distincts];
        for (int i = 0; i < distincts; i++) {
            this.distincts[i] = new DistinctCount();
        }
        this.bars = bars;
        this.firstSeen = Long.MAX_VALUE;
        this.lastSeen = Long.MIN_VALUE;
    }

    Tally(long[] counters, DistinctCount[] distincts, double[] bars, long firstSeen, long lastSeen) {
        this.counters = counters;
        this.distincts = distincts;
        this.bars = bars;
        this.firstSeen = firstSeen;
        this.lastSeen = lastSeen;
    }

    public long counter(int index) {
        return counters[index];
    }

    /** Distinct count {@code index}; empty in tallies that keep none (windows no detector judges). */
    public DistinctCount distinct(int index) {
        return index < distincts.length ? distincts[index] : EMPTY;
    }

    /** How many distinct counts this tally keeps. */
    public int distinctCounts() {
        return distincts.length;
    }

    /** The alerting bar of the detector at {@code index}; infinite while the key has too little history. */
    public double bar(int index) {
        return bars[index];
    }

    public long firstSeen() {
        return firstSeen;
    }

    public long lastSeen() {
        return lastSeen;
    }

    /** Adds another tally's counters and time span to this one (a closed pane folded into a longer window). */
    void add(Tally other) {
        for (int i = 0; i < counters.length; i++) {
            counters[i] += other.counters[i];
        }
        firstSeen = Math.min(firstSeen, other.firstSeen);
        lastSeen = Math.max(lastSeen, other.lastSeen);
    }

    /** A new tally of this one's and {@code other}'s counters and time span, without distinct counts or bars. */
    public Tally plus(Tally other) {
        Tally sum = countsOnly();
        sum.add(other);
        return sum;
    }

    /** A copy of this tally's counters and time span, without distinct counts or bars. */
    public Tally countsOnly() {
        Tally copy = new Tally(counters.length, 0, new double[0]);
        copy.add(this);
        return copy;
    }

    void seen(long timestamp) {
        firstSeen = Math.min(firstSeen, timestamp);
        lastSeen = Math.max(lastSeen, timestamp);
    }

    @Override
    public String toString() {
        return "Tally" + Arrays.toString(counters);
    }
}
