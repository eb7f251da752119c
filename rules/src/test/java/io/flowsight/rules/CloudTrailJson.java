package io.flowsight.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowsight.schemas.CloudTrailEvent;
import io.flowsight.schemas.TrustedAvroClasses;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CloudTrail JSON to {@link CloudTrailEvent} for tests, filled the way ingest's parser fills it (Athena's shape:
 * keys matched to columns case-insensitively, JSON objects in string columns kept as their JSON text). Written
 * here because the rules module does not depend on ingest, not even in tests: it sits before ingest in the reactor.
 */
final class CloudTrailJson {
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // SpecificData builds FlowSight's generated classes only for trusted packages.
        TrustedAvroClasses.install();
    }

    private CloudTrailJson() {
    }

    static CloudTrailEvent event(String json) {
        try {
            return event(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CloudTrailEvent event(JsonNode json) {
        CloudTrailEvent event = (CloudTrailEvent) record(json, CloudTrailEvent.getClassSchema());
        if (event.getEventtime() == null) {
            event.setEventtime("");
        }
        try {
            event.setEventTime(Instant.parse(event.getEventtime()));
        } catch (RuntimeException e) {
            event.setEventTime(Instant.EPOCH);
        }
        return event;
    }

    private static IndexedRecord record(JsonNode json, Schema schema) {
        IndexedRecord record = (IndexedRecord) SpecificData.get().newRecord(null, schema);
        Map<String, JsonNode> byColumn = new HashMap<>();
        json.properties().forEach(entry -> byColumn.putIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue()));
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
            case UNION -> value(json, schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL)
                    .findFirst().orElseThrow());
            case STRING -> json.isValueNode() ? json.asText() : json.toString();
            case BOOLEAN -> json.isBoolean() ? json.booleanValue() : Boolean.parseBoolean(json.asText());
            case LONG -> json.asLong();
            case RECORD -> json.isObject() ? record(json, schema) : null;
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (JsonNode item : json.isArray() ? json : JSON.createArrayNode().add(json)) {
                    items.add(item.isNull() ? null : value(item, schema.getElementType()));
                }
                yield new GenericData.Array<>(Schema.createArray(schema.getElementType()), items);
            }
            case MAP -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                json.properties().forEach(e -> entries.put(e.getKey(),
                        e.getValue().isNull() ? null : value(e.getValue(), schema.getValueType())));
                yield entries;
            }
            default -> throw new IllegalStateException("No JSON conversion for " + schema.getType());
        };
    }
}
