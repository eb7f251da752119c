package io.flowsight.topology.rank;

import java.util.List;

/**
 * One partition's contribution to the top-N of a dimension: its best entries of one closed window (or none, when it
 * only reports progress), and {@code closedThrough}: every window starting before it is closed on that partition.
 * The merger writes a window's final top-N once every partition's {@code closedThrough} has passed it.
 *
 * @param windowStart start of the ranked window, or null for a progress-only report
 * @param sketch      sketch mode: the partition's serialized frequent-items sketch of the window (merged, not the
 *                    entries); null in exact mode
 */
public record PartialTopN(String dimension, long windowSize, Long windowStart, int partition, long closedThrough,
                          List<RankedEntry> entries, byte[] sketch) {
    /** The merger's key: one merger state per dimension and window size. */
    public String mergeKey() {
        return dimension + "|" + windowSize;
    }
}
