package io.flowsight.topology.rank;

import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sketch mode's ranking: DataSketches' frequent-items sketch (Misra-Gries with weights). Its size is fixed by the
 * maximum map size whatever the number of distinct keys, sketches of several partitions merge into one with the
 * same guarantee, and every estimate comes with bounds: the true value lies in [lower, upper] and the estimate is off
 * by at most the sketch's maximum error.
 */
public final class TopNSketches {
    private static final ArrayOfStringsSerDe SERDE = new ArrayOfStringsSerDe();

    private final int maxMapSize;

    public TopNSketches(int maxMapSize) {
        this.maxMapSize = maxMapSize;
    }

    public ItemsSketch<String> newSketch() {
        return new ItemsSketch<>(maxMapSize);
    }

    public byte[] serialize(ItemsSketch<String> sketch) {
        return sketch.toByteArray(SERDE);
    }

    public ItemsSketch<String> deserialize(byte[] bytes) {
        return ItemsSketch.getInstance(Memory.wrap(bytes), SERDE);
    }

    public byte[] merge(byte[] left, byte[] right) {
        ItemsSketch<String> merged = deserialize(left);
        merged.merge(deserialize(right));
        return serialize(merged);
    }

    /**
     * The top {@code n} of a merged sketch, best estimate first. Keys are listed without false negatives: every key
     * whose true value may exceed the maximum error is a candidate.
     */
    public WindowTopN topN(WindowTopN merged, int n) {
        ItemsSketch<String> sketch = deserialize(merged.sketch());
        List<ItemsSketch.Row<String>> rows = new ArrayList<>(Arrays.asList(
                sketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)));
        rows.sort((a, b) -> a.getEstimate() != b.getEstimate() ? Long.compare(b.getEstimate(), a.getEstimate())
                : a.getItem().compareTo(b.getItem()));
        List<RankedEntry> entries = rows.stream().limit(n)
                .map(row -> new RankedEntry(row.getItem(), row.getEstimate(), row.getLowerBound(), row.getUpperBound()))
                .toList();
        return new WindowTopN(merged.dimension(), merged.windowSize(), merged.windowStart(), "sketch",
                sketch.getMaximumError(), entries, null);
    }
}
