package io.flowsight.topology.tally;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import io.flowsight.topology.state.AppendingSerializer;
import io.flowsight.topology.state.JournalOutput;

import java.nio.ByteBuffer;

/**
 * The state-store encoding of a {@link Tally}: fixed-width numbers and length-prefixed distinct sets, appended in
 * place to the journal entry, without Avro's schema resolution. It never leaves the topology's own stores and
 * changelogs, whose format a version byte guards.
 */
public final class TallySerde implements Serde<Tally> {
    private static final byte VERSION = 1;

    private static final AppendingSerializer<Tally> SERIALIZER = TallySerde::write;

    @Override
    public Serializer<Tally> serializer() {
        return SERIALIZER;
    }

    @Override
    public Deserializer<Tally> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(Tally tally) {
        return SERIALIZER.serialize(null, tally);
    }

    private static void write(Tally tally, JournalOutput out) {
        out.put(VERSION).put((byte) tally.counters.length).put((byte) tally.distincts.length)
                .put((byte) tally.bars.length);
        for (long counter : tally.counters) {
            out.putLong(counter);
        }
        for (double bar : tally.bars) {
            out.putDouble(bar);
        }
        out.putLong(tally.firstSeen).putLong(tally.lastSeen);
        for (DistinctCount distinct : tally.distincts) {
            distinct.writeTo(out);
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
