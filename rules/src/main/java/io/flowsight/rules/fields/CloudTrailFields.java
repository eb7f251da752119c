package io.flowsight.rules.fields;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowsight.schemas.CloudTrailEvent;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sigma's CloudTrail field names over one {@link CloudTrailEvent}. The record has Athena's lower-case columns
 * ({@code eventsource}, {@code useridentity.sessioncontext.sessionissuer.type}) and keeps the free-form parts of
 * CloudTrail as JSON text; Sigma writes CloudTrail's own camel-case names ({@code eventSource},
 * {@code requestParameters.ipPermissions.items.ipRanges.items.cidrIp}). Names resolve case-insensitively; a path
 * into a JSON-text column is followed inside the JSON, which is parsed once per event; a path crossing an array
 * yields every element's value (Sigma matches when any does). A JSON-text column named alone ({@code
 * requestParameters|contains: ...}) is its text, as Athena's {@code LIKE} would see it.
 */
public final class CloudTrailFields implements EventFields {
    /** Columns the schema documents as JSON text (CloudTrail objects of no fixed shape). */
    static final Set<String> JSON_TEXT_COLUMNS = Set.of("requestparameters", "responseelements", "additionaleventdata",
            "serviceeventdetails", "addendum", "edgedevicedetails", "insightdetails");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode UNPARSABLE = JSON.missingNode();

    private final CloudTrailEvent event;
    private final Map<String, JsonNode> parsedColumns = new HashMap<>(4);
    private final Map<FieldPath, FieldValues> resolved = new HashMap<>();

    public CloudTrailFields(CloudTrailEvent event) {
        this.event = event;
    }

    @Override
    public FieldValues values(FieldPath field) {
        return resolved.computeIfAbsent(field, this::resolve);
    }

    /** CloudTrail has no "log line" to search: keyword rules are refused at load by {@link CloudTrailCatalog}. */
    @Override
    public FieldValues keywordTexts() {
        return FieldValues.ABSENT;
    }

    private FieldValues resolve(FieldPath field) {
        Schema.Field column = event.getSchema().getField(field.root());
        if (column == null) {
            return FieldValues.ABSENT;
        }
        Object value = event.get(column.pos());
        if (value == null) {
            return FieldValues.ABSENT;
        }
        List<String> rest = field.rest();
        if (rest.isEmpty()) {
            return FieldValues.of(leaf(value));
        }
        List<Object> out = new ArrayList<>();
        if (JSON_TEXT_COLUMNS.contains(column.name())) {
            JsonNode json = parsed(column.name(), value.toString());
            if (json != UNPARSABLE) {
                followJson(json, rest, 0, out);
            }
        } else {
            followAvro(value, rest, 0, out);
        }
        return FieldValues.of(out);
    }

    private JsonNode parsed(String column, String text) {
        return parsedColumns.computeIfAbsent(column, name -> {
            try {
                return JSON.readTree(text);
            } catch (JsonProcessingException e) {
                return UNPARSABLE;
            }
        });
    }

    private static void followJson(JsonNode node, List<String> path, int depth, List<Object> out) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                followJson(element, path, depth, out);
            }
            return;
        }
        if (depth == path.size()) {
            if (node.isNull()) {
                out.add(null);
            } else if (node.isValueNode()) {
                out.add(node.asText());
            } else {
                out.add(node.toString());
            }
            return;
        }
        if (node.isObject()) {
            JsonNode child = childIgnoringCase(node, path.get(depth));
            if (child != null) {
                followJson(child, path, depth + 1, out);
            }
        }
    }

    /** CloudTrail keys are camel case and Sigma's segments were lower-cased at load: exact keys are rare, so scan. */
    private static JsonNode childIgnoringCase(JsonNode object, String lowerCaseName) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (field.getKey().equalsIgnoreCase(lowerCaseName)) {
                return field.getValue();
            }
        }
        return null;
    }

    private static void followAvro(Object value, List<String> path, int depth, List<Object> out) {
        if (value instanceof List<?> list) {
            for (Object element : list) {
                if (element != null) {
                    followAvro(element, path, depth, out);
                }
            }
            return;
        }
        if (depth == path.size()) {
            out.add(leaf(value));
            return;
        }
        Object child = null;
        if (value instanceof IndexedRecord record) {
            Schema.Field field = record.getSchema().getField(path.get(depth));
            child = field == null ? null : record.get(field.pos());
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entry.getKey().toString().equalsIgnoreCase(path.get(depth))) {
                    child = entry.getValue();
                }
            }
        }
        if (child != null) {
            followAvro(child, path, depth + 1, out);
        }
    }

    /** Strings, numbers and booleans as they are; a struct or map named whole is its text. */
    private static Object leaf(Object value) {
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return value.toString();
    }
}
