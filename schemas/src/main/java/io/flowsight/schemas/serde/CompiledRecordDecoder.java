package io.flowsight.schemas.serde;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.specific.SpecificData;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a record from Avro binary written with the reader's own schema, with a reader tree built once from that
 * schema, instead of Avro's resolving reader, which goes through a resolver and a setter per field: for a flow log's
 * 73 optional fields, most of them null, that was most of the stream thread's deserialization (BENCHMARKS.md). The
 * records are equal to Avro's (a test compares them); schemas with types it does not cover, and values written with
 * any other schema, are left to Avro's reader.
 */
final class CompiledRecordDecoder<T> implements DatumReader<T> {
    private static final String JAVA_STRING = "avro.java.string";

    @FunctionalInterface
    private interface ValueReader {
        Object read(Decoder in) throws IOException;
    }

    private final Schema schema;
    private final ValueReader root;

    private CompiledRecordDecoder(Schema schema, ValueReader root) {
        this.schema = schema;
        this.root = root;
    }

    /**
     * A reader of values written with {@code schema} into the generated classes of {@code data}, or empty when the
     * schema uses something it does not cover.
     */
    static <T> Optional<DatumReader<T>> compile(Schema schema, SpecificData data) {
        try {
            return Optional.of(new CompiledRecordDecoder<>(schema, readerFor(schema, data)));
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    @Override
    public void setSchema(Schema writer) {
        if (!writer.equals(schema)) {
            throw new IllegalArgumentException("This reader reads values written with " + schema.getFullName()
                    + " as compiled, not another schema.");
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T read(T reuse, Decoder in) throws IOException {
        return (T) root.read(in);
    }

    private static ValueReader readerFor(Schema schema, SpecificData data) {
        LogicalType logical = schema.getLogicalType();
        if (logical != null) {
            if (logical instanceof LogicalTypes.TimestampMillis) {
                return in -> Instant.ofEpochMilli(in.readLong());
            }
            throw new UnsupportedOperationException(logical.getName());
        }
        return switch (schema.getType()) {
            case NULL -> in -> {
                in.readNull();
                return null;
            };
            case BOOLEAN -> Decoder::readBoolean;
            case INT -> Decoder::readInt;
            case LONG -> Decoder::readLong;
            case FLOAT -> Decoder::readFloat;
            case DOUBLE -> Decoder::readDouble;
            case STRING -> stringReader(schema);
            case BYTES -> in -> in.readBytes(null);
            case UNION -> optionalReader(schema, data);
            case ARRAY -> arrayReader(readerFor(schema.getElementType(), data));
            case MAP -> mapReader(stringReader(schema), readerFor(schema.getValueType(), data));
            case RECORD -> recordReader(schema, data);
            default -> throw new UnsupportedOperationException(schema.getType().getName());
        };
    }

    /** Java strings where the generated classes use them (FlowSight's), Avro's Utf8 otherwise, as Avro reads them. */
    private static ValueReader stringReader(Schema schema) {
        if ("String".equals(schema.getProp(JAVA_STRING))) {
            return Decoder::readString;
        }
        return in -> in.readString(null);
    }

    private static ValueReader optionalReader(Schema schema, SpecificData data) {
        OptionalUnion union = OptionalUnion.of(schema);
        ValueReader value = readerFor(union.valueSchema(), data);
        return in -> {
            int index = in.readIndex();
            if (index == union.nullIndex()) {
                return null;
            }
            if (index != union.valueIndex()) {
                throw new AvroRuntimeException("Union branch " + index + " of a two-branch union");
            }
            return value.read(in);
        };
    }

    private static ValueReader arrayReader(ValueReader element) {
        return in -> {
            long count = in.readArrayStart();
            List<Object> items = new ArrayList<>((int) Math.min(count, 1024));
            while (count > 0) {
                for (long i = 0; i < count; i++) {
                    items.add(element.read(in));
                }
                count = in.arrayNext();
            }
            return items;
        };
    }

    private static ValueReader mapReader(ValueReader key, ValueReader value) {
        return in -> {
            long count = in.readMapStart();
            Map<Object, Object> entries = new HashMap<>();
            while (count > 0) {
                for (long i = 0; i < count; i++) {
                    entries.put(key.read(in), value.read(in));
                }
                count = in.mapNext();
            }
            return entries;
        };
    }

    private static ValueReader recordReader(Schema schema, SpecificData data) {
        List<Schema.Field> fields = schema.getFields();
        ValueReader[] readers = new ValueReader[fields.size()];
        int[] positions = new int[fields.size()];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = readerFor(fields.get(i).schema(), data);
            positions[i] = fields.get(i).pos();
        }
        return in -> {
            IndexedRecord record = (IndexedRecord) data.newRecord(null, schema);
            for (int i = 0; i < readers.length; i++) {
                Object value = readers[i].read(in);
                // A new generated record's optional fields are already null.
                if (value != null) {
                    record.put(positions[i], value);
                }
            }
            return record;
        };
    }
}
