package io.flowsight.ingest.vpc;

import io.flowsight.schemas.VpcFlowLog;
import org.apache.avro.Schema;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A flow-log field as AWS names it ({@code pkt-srcaddr}) bound to its column in {@link VpcFlowLog}
 * ({@code pkt_srcaddr}). The set of known fields is the Avro schema's, so adding a field to the schema is all it
 * takes to parse it.
 */
public record VpcFlowLogField(String awsName, Schema.Field column, Kind kind) {

    /** How a field's text becomes a value. */
    public enum Kind { INT, LONG, STRING, ADDRESS }

    /** The fields AWS documents as IP addresses; the schema types them as strings. */
    private static final Set<String> ADDRESSES = Set.of("srcaddr", "dstaddr", "pkt-srcaddr",
            "pkt-dstaddr");

    private static final Map<String, VpcFlowLogField> BY_NAME = index();

    /** Every known field, in schema order. */
    public static Collection<VpcFlowLogField> all() {
        return BY_NAME.values();
    }

    /**
     * The field a name refers to. Accepts AWS's hyphenated names ({@code log-status}), the underscore column
     * names ({@code log_status}), and the console's {@code ${log-status}} syntax, in any case.
     */
    public static Optional<VpcFlowLogField> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(normalize(name)));
    }

    public int position() {
        return column.pos();
    }

    static String normalize(String name) {
        String trimmed = name.trim();
        if (trimmed.startsWith("${") && trimmed.endsWith("}")) {
            trimmed = trimmed.substring(2, trimmed.length() - 1);
        }
        return trimmed.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Map<String, VpcFlowLogField> index() {
        Map<String, VpcFlowLogField> fields = new LinkedHashMap<>();
        for (Schema.Field column : VpcFlowLog.getClassSchema().getFields()) {
            if (column.name().equals("event_time")) {
                continue;
            }
            Schema type = column.schema().isUnion()
                    ? column.schema().getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst()
                    .orElseThrow()
                    : column.schema();
            Kind kind = switch (type.getType()) {
                case INT -> Kind.INT;
                case LONG -> Kind.LONG;
                case STRING -> Kind.STRING;
                default -> throw new IllegalStateException("VpcFlowLog." + column.name() + " has type "
                        + type.getType() + ", which flow-log text cannot carry");
            };
            String awsName = column.name().replace('_', '-');
            if (ADDRESSES.contains(awsName)) {
                kind = Kind.ADDRESS;
            }
            fields.put(awsName, new VpcFlowLogField(awsName, column, kind));
        }
        return fields;
    }
}
