package io.flowsight.sinks;

import io.flowsight.schemas.LakeTable;
import io.flowsight.schemas.registry.RestSchemaRegistryClient;
import io.flowsight.schemas.registry.SchemaRegistryClient;
import io.flowsight.schemas.registry.SchemaRegistryException;
import io.flowsight.schemas.serde.AvroSerdeConfig;
import io.flowsight.schemas.serde.ConfluentWireFormat;
import io.flowsight.schemas.serde.SpecificAvroDeserializer;
import io.flowsight.sinks.parquet.AvroBinaryRows;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the Kafka values of a table's topic (Confluent wire format) as rows of the table: straight from the Avro
 * bytes when the table's schema is flat and the value was written with a schema that encodes as the table's (the
 * usual case: the producer and the sink are the same FlowSight version), otherwise as a generated record, resolved
 * from the writer's schema to the table's like any Avro consumer would.
 */
final class TableValues implements AutoCloseable {
    private final SchemaRegistryClient registry;
    private final SpecificAvroDeserializer<SpecificRecord> records;
    private final Map<LakeTable, StraightReading> straight = new EnumMap<>(LakeTable.class);

    /** A table's reader of Avro bytes (empty when its schema is not flat), and which writer schemas it reads. */
    private record StraightReading(Optional<AvroBinaryRows> rows, Map<Integer, Boolean> readsSchemaId) {
    }

    TableValues(Map<String, ?> clientProperties) {
        this.registry = new RestSchemaRegistryClient(new AvroSerdeConfig(clientProperties));
        this.records = new SpecificAvroDeserializer<>(registry, null);
    }

    /**
     * The value read straight from its bytes, or null when it must be read as a record ({@link #record}); the row is
     * valid until the next call for the same table.
     *
     * @throws SerializationException when the bytes are not a value of the schema their header names
     */
    AvroBinaryRows.Row row(LakeTable table, String topic, byte[] value) {
        StraightReading reading = straight.computeIfAbsent(table,
                t -> new StraightReading(AvroBinaryRows.of(t.schema()), new HashMap<>()));
        if (reading.rows().isEmpty()) {
            return null;
        }
        int schemaId = ConfluentWireFormat.schemaId(topic, value);
        AvroBinaryRows rows = reading.rows().get();
        Boolean readable = reading.readsSchemaId().get(schemaId);
        if (readable == null) {
            try {
                readable = rows.reads(registry.schemaById(schemaId));
            } catch (SchemaRegistryException e) {
                // Not remembered: the record path fetches it again and fails with the registry's own sentence.
                return null;
            }
            reading.readsSchemaId().put(schemaId, readable);
        }
        if (!readable) {
            return null;
        }
        try {
            return rows.read(value, ConfluentWireFormat.HEADER_SIZE);
        } catch (SerializationException e) {
            throw new SerializationException("Value on topic " + topic + " with schema id " + schemaId
                    + " is not valid Avro for that schema: " + e.getMessage(), e);
        }
    }

    /** The value as a generated record of the table's schema. */
    SpecificRecord record(String topic, byte[] value) {
        return records.deserialize(topic, value);
    }

    @Override
    public void close() {
        records.close();
        registry.close();
    }
}
