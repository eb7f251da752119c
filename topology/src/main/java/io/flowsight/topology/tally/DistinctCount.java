package io.flowsight.topology.tally;

import org.apache.datasketches.hll.HllSketch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Distinct values seen by one key in one window (destination ports, destination hosts): exact while few, an HLL
 * sketch in fixed space once there are more than the exact limit. Most keys touch a handful of ports, so they stay
 * exact and small; a scanner touching 60,000 ports costs about a kilobyte, not 60,000 entries.
 */
public final class DistinctCount {
    /** 2^10 buckets: about 3.3% relative standard error in 1 KiB. */
    static final int LG_K = 10;

    private Set<String> exact;
    private HllSketch sketch;

    public DistinctCount() {
        this.exact = new HashSet<>(4);
    }

    private DistinctCount(Set<String> exact, HllSketch sketch) {
        this.exact = exact;
        this.sketch = sketch;
    }

    /** Adds {@code value}; past {@code exactLimit} values the count becomes an estimate. */
    public void add(String value, int exactLimit) {
        if (sketch != null) {
            sketch.update(value);
            return;
        }
        if (exact.add(value) && exact.size() > exactLimit) {
            sketch = new HllSketch(LG_K);
            exact.forEach(sketch::update);
            exact = null;
        }
    }

    /** The number of distinct values: exact, or the sketch's estimate rounded. */
    public long count() {
        return sketch == null ? exact.size() : Math.round(sketch.getEstimate());
    }

    public boolean isEstimate() {
        return sketch != null;
    }

    /** Up to {@code limit} of the values, for evidence; empty once only a sketch is kept. */
    public Set<String> sample(int limit) {
        if (sketch != null) {
            return Set.of();
        }
        return exact.size() <= limit ? Set.copyOf(exact) : Set.copyOf(exact.stream().sorted().limit(limit).toList());
    }

    /**
     * Bytes {@link #writeTo} needs for a typical value (a port, an IPv4 address), without walking the set; a set of
     * longer values overflows it and the caller retries with more room.
     */
    int sizeEstimate() {
        return sketch != null ? 1 + 4 + sketch.getCompactSerializationBytes() : 1 + 4 + exact.size() * 20;
    }

    void writeTo(ByteBuffer buffer) {
        if (sketch != null) {
            byte[] bytes = sketch.toCompactByteArray();
            buffer.put((byte) 1).putInt(bytes.length).put(bytes);
            return;
        }
        buffer.put((byte) 0).putInt(exact.size());
        for (String value : exact) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            buffer.putInt(bytes.length).put(bytes);
        }
    }

    static DistinctCount readFrom(ByteBuffer buffer) {
        byte mode = buffer.get();
        int size = buffer.getInt();
        if (mode == 1) {
            byte[] bytes = new byte[size];
            buffer.get(bytes);
            return new DistinctCount(null, HllSketch.heapify(bytes));
        }
        Set<String> values = new HashSet<>(Math.max(4, size * 2));
        for (int i = 0; i < size; i++) {
            byte[] bytes = new byte[buffer.getInt()];
            buffer.get(bytes);
            values.add(new String(bytes, StandardCharsets.UTF_8));
        }
        return new DistinctCount(values, null);
    }
}
