package io.flowsight.topology.rank;

import java.util.List;

/**
 * The top-N of one dimension in one window, as the merger keeps it (pending, then final) and as the live queries
 * return it.
 *
 * @param maxError sketch mode: the sketch's maximum absolute error; null in exact mode
 * @param sketch   sketch mode, while pending: the merged serialized sketch; null otherwise
 */
public record WindowTopN(String dimension, long windowSize, long windowStart, String mode, Long maxError,
                         List<RankedEntry> entries, byte[] sketch) {
}
