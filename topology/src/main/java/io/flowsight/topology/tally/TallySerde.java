package io.flowsight.topology.tally;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The state-store encoding of a {@link Tally}: fixed-width numbers and length-prefixed distinct sets. It is written
 * and read once per record, so it avoids Avro's schema resolution; it never leaves the topology's own stores and
 * changelogs, whose format a version byte guards.
 */
public final class TallySerde implements Serde<Tally> {
    private static final byte VERSION = 1;

    @Override
    public Serializer<Tally> serializer() {
        return (topic, tally) -> tally == null ? null : encode(tally);
    }

    @Override
    public Deserializer<Tally> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    /** One pass over the distinct sets (they dominate the cost of a commit): sized by estimate, retried if short. */
    static byte[] encode(Tally tally) {
        int size = 1 + 3 + 8 * tally.counters.length + 8 * tally.bars.length + 16;
        for (DistinctCount distinct : tally.distincts) {
            size += distinct.sizeEstimate();
        }
        while (true) {
            ByteBuffer buffer = ByteBuffer.allocate(size);
            try {
                write(tally, buffer);
                return Arrays.copyOf(buffer.array(), buffer.position());
            } catch (BufferOverflowException tooSmall) {
                size *= 2;
            }
        }
    }

    private static void write(Tally tally, ByteBuffer buffer) {
        buffer.put(VERSION).put((byte) tally.counters.length).put((byte) tally.distincts.length)
                .put((byte) tally.bars.length);
        for (long counter : tally.counters) {
            buffer.putLong(counter);
        }
        for (double bar : tally.bars) {
            buffer.putDouble(bar);
        }
        buffer.putLong(tally.firstSeen).putLong(tally.lastSeen);
        for (DistinctCount distinct : tally.distincts) {
            distinct.writeTo(buffer);
        }
    }

    static Tally decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte version = buffer.get();
        if (version != VERSION) {
            throw new IllegalStateException("A tally in the state store has format version " + version
                    + ", which this FlowSight does not know; run the FlowSight version that wrote it or reset the "
                    + "application's state.");
        }
        long[] counters = new long[buffer.get()];
        DistinctCount[] distincts = new DistinctCount[buffer.get()];
        double[] bars = new double[buffer.get()];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = buffer.getLong();
        }
        for (int i = 0; i < bars.length; i++) {
            bars[i] = buffer.getDouble();
        }
        long firstSeen = buffer.getLong();
        long lastSeen = buffer.getLong();
        for (int i = 0; i < distincts.length; i++) {
            distincts[i] = DistinctCount.readFrom(buffer);
        }
        return new Tally(counters, distincts, bars, firstSeen, lastSeen);
    }
}
