package io.flowsight.app.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * Avro records as plain JSON for people and scripts: keyed by the Avro field names, unions unwrapped (no
 * {@code {"string": …}}), null as null, numbers as numbers, timestamps as ISO-8601 UTC strings.
 */
public final class PlainJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private PlainJson() {
    }

    /** One record as one line of JSON. */
    public static String of(IndexedRecord record) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(json, record, record.getSchema());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator json, Object value, Schema schema) throws IOException {
        if (value == null) {
            json.writeNull();
            return;
        }
        switch (schema.getType()) {
            case UNION -> write(json, value, schema.getTypes().stream()
                    .filter(branch -> branch.getType() != Schema.Type.NULL).findFirst().orElseThrow());
            case RECORD -> {
                IndexedRecord record = (IndexedRecord) value;
                json.writeStartObject();
                for (Schema.Field field : schema.getFields()) {
                    json.writeFieldName(field.name());
                    write(json, record.get(field.pos()), field.schema());
                }
                json.writeEndObject();
            }
            case ARRAY -> {
                json.writeStartArray();
                for (Object element : (Collection<?>) value) {
                    write(json, element, schema.getElementType());
                }
                json.writeEndArray();
            }
            case MAP -> {
                json.writeStartObject();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    json.writeFieldName(entry.getKey().toString());
                    write(json, entry.getValue(), schema.getValueType());
                }
                json.writeEndObject();
            }
            case INT -> json.writeNumber((Integer) value);
            case LONG -> {
                if (value instanceof Instant instant) {
                    json.writeString(instant.toString());
                } else if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    json.writeString(Instant.ofEpochMilli((Long) value).toString());
                } else {
                    json.writeNumber((Long) value);
                }
            }
            case FLOAT -> json.writeNumber((Float) value);
            case DOUBLE -> json.writeNumber((Double) value);
            case BOOLEAN -> json.writeBoolean((Boolean) value);
            case BYTES -> {
                ByteBuffer bytes = ((ByteBuffer) value).duplicate();
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                json.writeString(Base64.getEncoder().encodeToString(copy));
            }
            default -> json.writeString(value.toString());
        }
    }
}
