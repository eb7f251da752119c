package io.flowsight.topology.tally;

import io.flowsight.topology.state.JournalOutput;
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

    /**
     * The only value while there is one: most keys of a window (a scanner's one-off source, a client's one server) see
     * a single port or host, and a set for it would cost about 130 bytes of heap instead of none.
     */
    private String single;
    private Set<String> exact;
    private HllSketch sketch;

    public DistinctCount() {
    }

    private DistinctCount(String single, Set<String> exact, HllSketch sketch) {
        this.single = single;
        this.exact = exact;
        this.sketch = sketch;
    }

    /** Adds {@code value}; past {@code exactLimit} values the count becomes an estimate. */
    public void add(String value, int exactLimit) {
        if (sketch != null) {
            sketch.update(value);
            return;
        }
        if (exact == null) {
            if (single == null || single.equals(value)) {
                single = value;
                return;
            }
            exact = new HashSet<>(4);
            exact.add(single);
            single = null;
        }
        if (exact.add(value) && exact.size() > exactLimit) {
            sketch = new HllSketch(LG_K);
            exact.forEach(sketch::update);
            exact = null;
        }
    }

    /** The number of distinct values: exact, or the sketch's estimate rounded. */
    public long count() {
        if (sketch != null) {
            return Math.round(sketch.getEstimate());
        }
        return exact != null ? exact.size() : single == null ? 0 : 1;
    }

    public boolean isEstimate() {
        return sketch != null;
    }

    /** Up to {@code limit} of the values, for evidence; empty once only a sketch is kept. */
    public Set<String> sample(int limit) {
        if (sketch != null) {
            return Set.of();
        }
        Set<String> values = values();
        return values.size() <= limit ? Set.copyOf(values) : Set.copyOf(values.stream().sorted().limit(limit).toList());
    }

    private Set<String> values() {
        return exact != null ? exact : single == null ? Set.of() : Set.of(single);
    }

    void writeTo(JournalOutput out) {
        if (sketch != null) {
            byte[] bytes = sketch.toCompactByteArray();
            out.put((byte) 1).putInt(bytes.length).put(bytes);
            return;
        }
        if (exact == null) {
            // Most tallies hold one value or none: no set to build and walk.
            out.put((byte) 0).putInt(single == null ? 0 : 1);
            if (single != null) {
                out.putText(single);
            }
            return;
        }
        out.put((byte) 0).putInt(exact.size());
        for (String value : exact) {
            out.putText(value);
        }
    }

    static DistinctCount readFrom(ByteBuffer buffer) {
        byte mode = buffer.get();
        int size = buffer.getInt();
        if (mode == 1) {
            byte[] bytes = new byte[size];
            buffer.get(bytes);
            return new DistinctCount(null, null, HllSketch.heapify(bytes));
        }
        if (size <= 1) {
            return new DistinctCount(size == 0 ? null : readString(buffer), null, null);
        }
        Set<String> values = new HashSet<>(Math.max(4, size * 2));
        for (int i = 0; i < size; i++) {
            values.add(readString(buffer));
        }
        return new DistinctCount(null, values, null);
    }

    private static String readString(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.getInt()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
