package io.flowsight.topology.tally;

import io.flowsight.topology.state.AppendingSerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;

/** Counters (partial sums, on a repartition topic and in the combiner's journal): 8 bytes per counter. */
public final class LongArraySerde implements Serde<long[]> {
    @Override
    public Serializer<long[]> serializer() {
        return (AppendingSerializer<long[]>) (values, out) -> {
            for (long value : values) {
                out.putLong(value);
            }
        };
    }

    @Override
    public Deserializer<long[]> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long[] values = new long[bytes.length / 8];
            for (int i = 0; i < values.length; i++) {
                values[i] = buffer.getLong();
            }
            return values;
        };
    }
}
