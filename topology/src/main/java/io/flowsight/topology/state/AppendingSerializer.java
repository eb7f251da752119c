package io.flowsight.topology.state;

import org.apache.kafka.common.serialization.Serializer;

/**
 * A serializer that can also encode a value straight into a journal entry ({@link JournaledWindowStore} uses it when
 * its values' serde has one); {@link #serialize} gives the same bytes as an array.
 */
public interface AppendingSerializer<V> extends Serializer<V> {
    /** Appends the encoding of {@code value} (never null). */
    void append(V value, JournalOutput out);

    @Override
    default byte[] serialize(String topic, V value) {
        if (value == null) {
            return null;
        }
        JournalOutput out = new JournalOutput(64);
        append(value, out);
        return out.toByteArray();
    }
}
