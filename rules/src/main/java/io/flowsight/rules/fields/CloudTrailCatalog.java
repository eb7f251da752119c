package io.flowsight.rules.fields;

import io.flowsight.schemas.CloudTrailEvent;
import org.apache.avro.Schema;

import java.util.List;
import java.util.Optional;

/**
 * Which Sigma field names resolve on {@link CloudTrailEvent}: the record's columns case-insensitively, paths into
 * its structs as far as the schema goes, and any path inside its JSON-text columns (their shape depends on the API
 * call). Keywords are refused: CloudTrail events are structured, and FlowSight keeps no raw line to search.
 */
public final class CloudTrailCatalog implements FieldCatalog {

    @Override
    public Optional<String> refusalFor(FieldPath field) {
        Schema.Field column = CloudTrailEvent.getClassSchema().getField(field.root());
        if (column == null || column.name().equals("event_time")) {
            return Optional.of("The field '" + field + "' is not a CloudTrail record field (FlowSight keeps "
                    + "eventSource, eventName, userIdentity, requestParameters, responseElements, errorCode and the other "
                    + "CloudTrail fields); correct the name.");
        }
        if (field.rest().isEmpty() || CloudTrailFields.JSON_TEXT_COLUMNS.contains(column.name())) {
            return Optional.empty();
        }
        return walk(field, column.schema(), field.rest(), column.name());
    }

    private static Optional<String> walk(FieldPath field, Schema schema, List<String> rest, String reached) {
        Schema type = nonNull(schema);
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        switch (type.getType()) {
            case ARRAY -> {
                return walk(field, type.getElementType(), rest, reached);
            }
            case MAP -> {
                // Map keys are free-form (web identity federation attributes): any single further name.
                return rest.size() == 1 ? Optional.empty() : refuse(field, reached + "." + rest.get(0));
            }
            case RECORD -> {
                Schema.Field child = type.getField(rest.get(0));
                if (child == null) {
                    return refuse(field, reached + "." + rest.get(0));
                }
                return walk(field, child.schema(), rest.subList(1, rest.size()), reached + "." + child.name());
            }
            default -> {
                return refuse(field, reached + "." + rest.get(0));
            }
        }
    }

    private static Optional<String> refuse(FieldPath field, String missing) {
        return Optional.of("The field '" + field + "' is not kept in FlowSight's CloudTrail records (there is no '"
                + missing + "'); name a field the record has.");
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(branch -> branch.getType() != Schema.Type.NULL).findFirst()
                .orElse(schema);
    }

    @Override
    public Optional<String> keywordRefusal() {
        return Optional.of("FlowSight does not search keywords in CloudTrail events, which are structured records; "
                + "name the field to search, e.g. 'requestParameters|contains'.");
    }
}
