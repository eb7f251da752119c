package io.flowsight.sinks.parquet;

import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rows of a flat table read straight from their Avro binary encoding into Parquet's columns, without building an
 * Avro object first: the sink's raw tables arrive as Avro bytes from Kafka, and decoding each into a generated record
 * only for parquet-avro to take it apart again was most of the sink's work (BENCHMARKS.md, "End to end").
 *
 * <p>A schema qualifies when every field is a primitive, a string, bytes, an enum or a fixed, or a union of one of
 * those with null, with no logical type but the time types (whose Avro value already is the Parquet value). The
 * Parquet columns are the ones parquet-avro derives from the same schema and the values are written as it writes
 * them, so a file holds the same data whichever way a row came in ({@code AvroBinaryRowsTest}). Other schemas (nested
 * records, arrays, maps) take the generated-record path.
 *
 * <p>One instance per schema, used by one thread: {@link #read} fills and returns the same {@link Row} each time.
 */
public final class AvroBinaryRows {
    private static final Set<String> PASS_THROUGH_LOGICAL_TYPES = Set.of("timestamp-millis", "timestamp-micros",
            "local-timestamp-millis", "local-timestamp-micros", "date", "time-millis", "time-micros");

    private enum Kind { BOOLEAN, INT, LONG, FLOAT, DOUBLE, BINARY, ENUM, FIXED }

    /** One field: how it is encoded, and which union branch (0 or 1) is null, or -1 when it cannot be null. */
    private record Column(String name, Kind kind, int nullBranch, Binary[] symbols, int fixedSize) {
    }

    private final Schema schema;
    private final long fingerprint;
    private final Column[] columns;
    private final Row row;
    /** Where {@link #read} is in the value it reads. */
    private int cursor;

    private AvroBinaryRows(Schema schema, Column[] columns) {
        this.schema = schema;
        this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        this.columns = columns;
        this.row = new Row();
    }

    /** The rows of {@code schema}, or empty when it is not flat (see the class comment). */
    public static Optional<AvroBinaryRows> of(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            return Optional.empty();
        }
        List<Schema.Field> fields = schema.getFields();
        Column[] columns = new Column[fields.size()];
        for (Schema.Field field : fields) {
            Schema type = field.schema();
            int nullBranch = -1;
            if (type.getType() == Schema.Type.UNION) {
                List<Schema> branches = type.getTypes();
                if (branches.size() != 2 || branches.stream().noneMatch(b -> b.getType() == Schema.Type.NULL)) {
                    return Optional.empty();
                }
                nullBranch = branches.get(0).getType() == Schema.Type.NULL ? 0 : 1;
                type = branches.get(1 - nullBranch);
            }
            LogicalType logical = type.getLogicalType();
            if (logical != null && !PASS_THROUGH_LOGICAL_TYPES.contains(logical.getName())) {
                return Optional.empty();
            }
            Optional<Kind> kind = kindOf(type.getType());
            if (kind.isEmpty()) {
                return Optional.empty();
            }
            Binary[] symbols = kind.get() == Kind.ENUM
                    ? type.getEnumSymbols().stream().map(Binary::fromString).toArray(Binary[]::new) : null;
            int fixedSize = kind.get() == Kind.FIXED ? type.getFixedSize() : 0;
            columns[field.pos()] = new Column(field.name(), kind.get(), nullBranch, symbols, fixedSize);
        }
        return Optional.of(new AvroBinaryRows(schema, columns));
    }

    private static Optional<Kind> kindOf(Schema.Type type) {
        return switch (type) {
            case BOOLEAN -> Optional.of(Kind.BOOLEAN);
            case INT -> Optional.of(Kind.INT);
            case LONG -> Optional.of(Kind.LONG);
            case FLOAT -> Optional.of(Kind.FLOAT);
            case DOUBLE -> Optional.of(Kind.DOUBLE);
            case STRING, BYTES -> Optional.of(Kind.BINARY);
            case ENUM -> Optional.of(Kind.ENUM);
            case FIXED -> Optional.of(Kind.FIXED);
            default -> Optional.empty();
        };
    }

    public Schema schema() {
        return schema;
    }

    /**
     * Whether values written with {@code writer} are read here as they are: their binary encoding is the same when
     * the schemas' parsing canonical forms are (names, types and field order; not docs, defaults or logical types).
     */
    public boolean reads(Schema writer) {
        return SchemaNormalization.parsingFingerprint64(writer) == fingerprint;
    }

    /**
     * Reads one row encoded in this schema, starting at {@code offset} of {@code data}, checking every length and
     * branch against the bounds; the returned row (the same object at every call) is valid until the next call.
     *
     * @throws SerializationException when the bytes are not a value of this schema
     */
    public Row read(byte[] data, int offset) {
        row.data = data;
        Arrays.fill(row.presentWords, 0);
        cursor = offset;
        try {
            for (int i = 0; i < columns.length; i++) {
                Column column = columns[i];
                if (column.nullBranch >= 0) {
                    long branch = zigZag(readVarLong(data));
                    if (branch != 0 && branch != 1) {
                        throw new SerializationException("field " + column.name + " has union branch " + branch);
                    }
                    if (branch == column.nullBranch) {
                        continue;
                    }
                }
                row.presentWords[i >>> 6] |= 1L << i;
                switch (column.kind) {
                    case BOOLEAN -> {
                        check(data, 1, column);
                        row.numbers[i] = data[cursor++];
                    }
                    case INT, LONG, ENUM -> {
                        row.numbers[i] = zigZag(readVarLong(data));
                        if (column.kind == Kind.ENUM && (row.numbers[i] < 0
                                || row.numbers[i] >= column.symbols.length)) {
                            throw new SerializationException("field " + column.name + " has enum index "
                                    + row.numbers[i]);
                        }
                    }
                    case FLOAT -> {
                        check(data, 4, column);
                        row.numbers[i] = littleEndian(data, cursor, 4);
                        cursor += 4;
                    }
                    case DOUBLE -> {
                        check(data, 8, column);
                        row.numbers[i] = littleEndian(data, cursor, 8);
                        cursor += 8;
                    }
                    case BINARY -> {
                        long length = zigZag(readVarLong(data));
                        if (length < 0 || length > data.length - cursor) {
                            throw new SerializationException("field " + column.name + " has length " + length
                                    + " with " + (data.length - cursor) + " bytes left");
                        }
                        row.offsets[i] = cursor;
                        row.lengths[i] = (int) length;
                        cursor += (int) length;
                    }
                    case FIXED -> {
                        check(data, column.fixedSize, column);
                        row.offsets[i] = cursor;
                        row.lengths[i] = column.fixedSize;
                        cursor += column.fixedSize;
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException truncated) {
            throw new SerializationException("the value ends in the middle of a field");
        }
        return row;
    }

    private void check(byte[] data, int bytes, Column column) {
        if (bytes > data.length - cursor) {
            throw new SerializationException("field " + column.name + " needs " + bytes + " bytes, "
                    + (data.length - cursor) + " are left");
        }
    }

    /** The Avro varint at the cursor, its raw (still zig-zag encoded) bits; moves the cursor past it. */
    private long readVarLong(byte[] data) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = data[cursor++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new SerializationException("a variable-length number runs over 10 bytes");
    }

    private static long zigZag(long raw) {
        return (raw >>> 1) ^ -(raw & 1);
    }

    private static long littleEndian(byte[] data, int position, int bytes) {
        long value = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            value = (value << 8) | (data[position + i] & 0xff);
        }
        return value;
    }

    /** One row as read: where each field's value is, or that it is null. */
    public final class Row {
        private final long[] numbers = new long[columns.length];
        private final int[] offsets = new int[columns.length];
        private final int[] lengths = new int[columns.length];
        /**
         * The positions of the fields present, as bits: which to write, and what a file must hold to take the row
         * ({@link FileColumns}).
         */
        final long[] presentWords = new long[(columns.length + 63) / 64];
        private byte[] data;

        /** The value of the long field at {@code position} (a {@code timestamp-millis}, say); fails if it is null. */
        public long longAt(int position) {
            if (!isPresent(position) || columns[position].kind != Kind.LONG) {
                throw new SerializationException("field " + columns[position].name + " is null or not a long");
            }
            return numbers[position];
        }

        private boolean isPresent(int position) {
            return (presentWords[position >>> 6] & (1L << position)) != 0;
        }

        /**
         * Writes the row as parquet-avro writes the same record: set fields only, in schema order, each to the column
         * {@code filePositions} gives it (the file may hold fewer columns than the table, never fewer than the row).
         */
        void writeTo(RecordConsumer consumer, int[] filePositions) {
            consumer.startMessage();
            for (int i = 0; i < columns.length; i++) {
                if (!isPresent(i)) {
                    continue;
                }
                Column column = columns[i];
                int position = filePositions[i];
                consumer.startField(column.name, position);
                switch (column.kind) {
                    case BOOLEAN -> consumer.addBoolean(numbers[i] != 0);
                    case INT -> consumer.addInteger((int) numbers[i]);
                    case LONG -> consumer.addLong(numbers[i]);
                    case FLOAT -> consumer.addFloat(Float.intBitsToFloat((int) numbers[i]));
                    case DOUBLE -> consumer.addDouble(Double.longBitsToDouble(numbers[i]));
                    // Reused, not constant: Parquet copies what it keeps (dictionary entries, statistics), so a
                    // row's whole Kafka value is not held for one string.
                    case BINARY, FIXED -> consumer.addBinary(Binary.fromReusedByteArray(data, offsets[i], lengths[i]));
                    case ENUM -> consumer.addBinary(column.symbols[(int) numbers[i]]);
                }
                consumer.endField(column.name, position);
            }
            consumer.endMessage();
        }
    }
}
