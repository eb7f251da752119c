package io.flowsight.schemas.serde;

import io.flowsight.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.util.Map;

/**
 * The one serde factory of FlowSight for generated Avro records (DESIGN.md section 4). Its configuration
 * keys are Confluent's, so Confluent's {@code SpecificAvroSerde} can take its place without other changes.
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;

    /** For Kafka's reflective instantiation; reads into the class named by the writer schema. */
    public SpecificAvroSerde() {
        this.serializer = new SpecificAvroSerializer<>();
        this.deserializer = new SpecificAvroDeserializer<>();
    }

    /** A serde of {@code type} sharing {@code registry} (owned and closed by the caller). */
    public SpecificAvroSerde(SchemaRegistryClient registry, Class<T> type) {
        this.serializer = new SpecificAvroSerializer<>(registry);
        this.deserializer = new SpecificAvroDeserializer<>(registry, type);
    }

    /** A configured serde of {@code type} with its own registry client. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> of(Class<T> type, Map<String, ?> configs,
                                                                      boolean isKey) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(
                new SpecificAvroSerializer<>(), new SpecificAvroDeserializer<>(null, type));
        serde.configure(configs, isKey);
        return serde;
    }

    private SpecificAvroSerde(SpecificAvroSerializer<T> serializer, SpecificAvroDeserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
