package io.flowsight.topology.tally;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;

/** Counter increments on a repartition topic: 8 bytes per counter. */
public final class LongArraySerde implements Serde<long[]> {
    @Override
    public Serializer<long[]> serializer() {
        return (topic, values) -> {
            if (values == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.allocate(8 * values.length);
            for (long value : values) {
                buffer.putLong(value);
            }
            return buffer.array();
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
