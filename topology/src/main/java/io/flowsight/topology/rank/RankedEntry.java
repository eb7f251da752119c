package io.flowsight.topology.rank;

/** A key and its value in a ranking; the bounds are the sketch's (equal to the value in exact mode). */
public record RankedEntry(String key, long value, long lowerBound, long upperBound) {
    public static RankedEntry exact(String key, long value) {
        return new RankedEntry(key, value, value, value);
    }
}
