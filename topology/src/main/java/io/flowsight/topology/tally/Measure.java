package io.flowsight.topology.tally;

/** One number a tally gives: a counter or a distinct count, by name (for evidence) and position. */
public record Measure(String name, boolean distinct, int index) {
    public static Measure counter(String name, int index) {
        return new Measure(name, false, index);
    }

    public static Measure distinct(String name, int index) {
        return new Measure(name, true, index);
    }

    public double of(Tally tally) {
        return distinct ? tally.distinct(index).count() : tally.counter(index);
    }
}
