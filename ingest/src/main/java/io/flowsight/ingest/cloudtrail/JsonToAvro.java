package io.flowsight.ingest.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowsight.schemas.TrustedAvroClasses;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fills a generated Avro record from a JSON object by the record's schema, the way Athena's JSON SerDe reads
 * CloudTrail: keys match columns case-insensitively ({@code sourceIPAddress} → {@code sourceipaddress}), a
 * JSON object or array in a string column is kept as its JSON text, nested objects fill struct columns, and
 * keys without a column are left out.
 */
final class JsonToAvro {
    static {
        TrustedAvroClasses.install();
    }

    private JsonToAvro() {
    }

    /** A new record of {@code schema} holding what {@code json} has for its fields. */
    static IndexedRecord record(JsonNode json, Schema schema) {
        IndexedRecord record = (IndexedRecord) SpecificData.get().newRecord(null, schema);
        Map<String, JsonNode> byColumn = byLowerCaseKey(json);
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = byColumn.get(field.name());
            if (value != null && !value.isNull()) {
                record.put(field.pos(), value(value, field.schema()));
            }
        }
        return record;
    }

    private static Object value(JsonNode json, Schema schema) {
        return switch (schema.getType()) {
            case UNION -> value(json, schema.getTypes().stream()
                    .filter(branch -> branch.getType() != Schema.Type.NULL).findFirst().orElseThrow());
            case STRING -> json.isValueNode() ? json.asText() : json.toString();
            case BOOLEAN -> json.isBoolean() ? json.booleanValue() : Boolean.parseBoolean(json.asText());
            case RECORD -> json.isObject() ? record(json, schema) : null;
            case ARRAY -> {
                List<Object> elements = new ArrayList<>();
                if (json.isArray()) {
                    json.forEach(element -> elements.add(element.isNull() ? null : value(element, schema.getElementType())));
                } else {
                    elements.add(value(json, schema.getElementType()));
                }
                yield elements;
            }
            case MAP -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                json.properties().forEach(entry -> entries.put(entry.getKey(),
                        entry.getValue().isNull() ? null : value(entry.getValue(), schema.getValueType())));
                yield entries;
            }
            default -> throw new IllegalStateException("JsonToAvro cannot fill a column of type " + schema.getType());
        };
    }

    private static Map<String, JsonNode> byLowerCaseKey(JsonNode json) {
        Map<String, JsonNode> byKey = new HashMap<>();
        json.properties().forEach(entry -> byKey.putIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue()));
        return byKey;
    }
}
