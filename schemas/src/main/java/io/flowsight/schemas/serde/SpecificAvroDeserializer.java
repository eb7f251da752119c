package io.flowsight.schemas.serde;

import io.flowsight.schemas.TrustedAvroClasses;
import io.flowsight.schemas.registry.RestSchemaRegistryClient;
import io.flowsight.schemas.registry.SchemaRegistryClient;
import io.flowsight.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads Confluent-wire-format Avro into generated records. The writer schema comes from the registry by the
 * id in the header; the reader schema is the target class's, so records written by an older or newer
 * producer are resolved to the shape this consumer was compiled against; values written with the reader's own schema
 * (the usual case) are read by a {@link CompiledRecordDecoder}.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    static {
        TrustedAvroClasses.install();
    }

    private SchemaRegistryClient registry;
    private final boolean ownsRegistry;
    private Class<T> targetType;
    private final Map<Integer, DatumReader<T>> readersBySchemaId = new ConcurrentHashMap<>();

    /** For Kafka's reflective instantiation: the target class comes from specific.avro.value.type/key.type
     * or from the writer schema's name. */
    public SpecificAvroDeserializer() {
        this(null, null);
    }

    /** Uses {@code registry}, which the caller keeps and closes. */
    public SpecificAvroDeserializer(SchemaRegistryClient registry, Class<T> targetType) {
        this.registry = registry;
        this.ownsRegistry = registry == null;
        this.targetType = targetType;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        if (targetType == null) {
            Class<?> configured = config.specificType(isKey);
            if (configured != null && !SpecificRecord.class.isAssignableFrom(configured)) {
                throw new org.apache.kafka.common.config.ConfigException(configured.getName()
                        + " is not a generated Avro class (SpecificRecord): set specific.avro."
                        + (isKey ? "key" : "value") + ".type to one of FlowSight's schema classes.");
            }
            targetType = (Class<T>) configured;
        }
        if (registry == null) {
            registry = new RestSchemaRegistryClient(config);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("Call configure() with schema.registry.url before deserializing.");
        }
        int schemaId = ConfluentWireFormat.schemaId(topic, data);
        DatumReader<T> reader = readersBySchemaId.computeIfAbsent(schemaId, id -> readerFor(topic, id));
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(data, ConfluentWireFormat.HEADER_SIZE,
                    data.length - ConfluentWireFormat.HEADER_SIZE, null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Value on topic " + topic + " with schema id " + schemaId
                    + " is not valid Avro for that schema: " + e.getMessage(), e);
        }
    }

    private DatumReader<T> readerFor(String topic, int schemaId) {
        Schema writer;
        try {
            writer = registry.schemaById(schemaId);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot read a value on topic " + topic + ": schema id " + schemaId
                    + " could not be fetched: " + e.getMessage(), e);
        }
        SpecificData data = targetType == null ? SpecificData.get() : SpecificData.getForClass(targetType);
        Schema reader = targetType == null ? readerSchemaNamedBy(writer, data) : data.getSchema(targetType);
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException("Values on topic " + topic + " written with schema id " + schemaId
                    + " (" + writer.getFullName() + ") cannot be read as " + reader.getFullName() + ": "
                    + compatibility.getDescription());
        }
        if (SchemaNormalization.parsingFingerprint64(writer) == SchemaNormalization.parsingFingerprint64(reader)) {
            Optional<DatumReader<T>> compiled = CompiledRecordDecoder.compile(reader, data);
            if (compiled.isPresent()) {
                return compiled.get();
            }
        }
        return new SpecificDatumReader<>(writer, reader, data);
    }

    private static Schema readerSchemaNamedBy(Schema writer, SpecificData data) {
        Class<?> generated = data.getClass(writer);
        if (generated == null || !SpecificRecord.class.isAssignableFrom(generated)) {
            throw new SerializationException("No generated class " + writer.getFullName() + " on the class path: "
                    + "set specific.avro.value.type to the class to read into.");
        }
        return data.getSchema(generated);
    }

    @Override
    public void close() {
        if (ownsRegistry && registry != null) {
            registry.close();
        }
    }
}
