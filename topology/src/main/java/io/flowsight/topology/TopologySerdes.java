package io.flowsight.topology;

import io.flowsight.schemas.serde.SpecificAvroSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

import java.util.HashMap;
import java.util.Map;

/**
 * The Avro serdes of the topics the topology reads and writes, all configured alike (registry URL, auth, ...), one
 * per record class.
 */
public final class TopologySerdes {
    private final Map<String, ?> serdeConfig;
    private final Map<Class<?>, Serde<?>> serdes = new HashMap<>();

    public TopologySerdes(Map<String, ?> serdeConfig) {
        this.serdeConfig = Map.copyOf(serdeConfig);
    }

    @SuppressWarnings("unchecked")
    public synchronized <T extends SpecificRecord> Serde<T> of(Class<T> type) {
        return (Serde<T>) serdes.computeIfAbsent(type, t -> SpecificAvroSerde.of(type, serdeConfig, false));
    }

    /** Like {@link #of} for a class known only as a record type of a raw topic. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    <V> Serde<V> forRawType(Class<V> type) {
        return (Serde<V>) of((Class) type);
    }
}
