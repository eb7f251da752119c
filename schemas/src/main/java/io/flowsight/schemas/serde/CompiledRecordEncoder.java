package io.flowsight.schemas.serde;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.Encoder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a record in Avro binary with a writer tree built once from its schema, instead of Avro's
 * {@code SpecificDatumWriter}, which resolves every union branch by looking the datum's type up by name. Avro's
 * generated classes would do the same with their own "custom coders", but Avro does not generate those for
 * records with logical types, and every FlowSight record has a {@code timestamp-millis}. The bytes are exactly
 * Avro's (a test compares them); schemas with types it does not cover (enums, fixed, other logical types or
 * unions) are left to Avro's writer.
 */
final class CompiledRecordEncoder {

    @FunctionalInterface
    private interface ValueWriter {
        void write(Object value, Encoder out) throws IOException;
    }

    private final ValueWriter root;

    private CompiledRecordEncoder(ValueWriter root) {
        this.root = root;
    }

    /** An encoder for records of {@code schema}, or empty when the schema uses something it does not cover. */
    static Optional<CompiledRecordEncoder> compile(Schema schema) {
        try {
            return Optional.of(new CompiledRecordEncoder(writerFor(schema)));
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    void write(IndexedRecord record, Encoder out) throws IOException {
        root.write(record, out);
    }

    private static ValueWriter writerFor(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        if (logical != null) {
            if (logical instanceof LogicalTypes.TimestampMillis) {
                return (value, out) -> out.writeLong(value instanceof Instant instant ? instant.toEpochMilli()
                        : (Long) value);
            }
            throw new UnsupportedOperationException(logical.getName());
        }
        return switch (schema.getType()) {
            case NULL -> (value, out) -> out.writeNull();
            case BOOLEAN -> (value, out) -> out.writeBoolean((Boolean) value);
            case INT -> (value, out) -> out.writeInt((Integer) value);
            case LONG -> (value, out) -> out.writeLong((Long) value);
            case FLOAT -> (value, out) -> out.writeFloat((Float) value);
            case DOUBLE -> (value, out) -> out.writeDouble((Double) value);
            case STRING -> (value, out) -> out.writeString(value.toString());
            case BYTES -> (value, out) -> out.writeBytes((ByteBuffer) value);
            case UNION -> optionalWriter(schema);
            case ARRAY -> arrayWriter(writerFor(schema.getElementType()));
            case MAP -> mapWriter(writerFor(schema.getValueType()));
            case RECORD -> recordWriter(schema);
            default -> throw new UnsupportedOperationException(schema.getType().getName());
        };
    }

    private static ValueWriter optionalWriter(Schema schema) {
        OptionalUnion union = OptionalUnion.of(schema);
        ValueWriter valueWriter = writerFor(union.valueSchema());
        return (value, out) -> {
            if (value == null) {
                out.writeIndex(union.nullIndex());
                out.writeNull();
            } else {
                out.writeIndex(union.valueIndex());
                valueWriter.write(value, out);
            }
        };
    }

    private static ValueWriter arrayWriter(ValueWriter element) {
        return (value, out) -> {
            Collection<?> items = (Collection<?>) value;
            out.writeArrayStart();
            out.setItemCount(items.size());
            for (Object item : items) {
                out.startItem();
                element.write(item, out);
            }
            out.writeArrayEnd();
        };
    }

    private static ValueWriter mapWriter(ValueWriter valueWriter) {
        return (value, out) -> {
            Map<?, ?> entries = (Map<?, ?>) value;
            out.writeMapStart();
            out.setItemCount(entries.size());
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                out.startItem();
                out.writeString(entry.getKey().toString());
                valueWriter.write(entry.getValue(), out);
            }
            out.writeMapEnd();
        };
    }

    private static ValueWriter recordWriter(Schema schema) {
        List<Schema.Field> fields = schema.getFields();
        ValueWriter[] writers = new ValueWriter[fields.size()];
        int[] positions = new int[fields.size()];
        for (int i = 0; i < writers.length; i++) {
            writers[i] = writerFor(fields.get(i).schema());
            positions[i] = fields.get(i).pos();
        }
        return (value, out) -> {
            IndexedRecord record = (IndexedRecord) value;
            for (int i = 0; i < writers.length; i++) {
                try {
                    writers[i].write(record.get(positions[i]), out);
                } catch (NullPointerException | ClassCastException e) {
                    throw new IllegalArgumentException("Field " + schema.getName() + "." + fields.get(i).name()
                            + " cannot hold " + record.get(positions[i]) + " (schema type "
                            + fields.get(i).schema() + ")", e);
                }
            }
        };
    }
}
