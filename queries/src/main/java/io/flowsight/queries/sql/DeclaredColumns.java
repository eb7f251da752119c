package io.flowsight.queries.sql;

import io.flowsight.schemas.LakeTable;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every column of a flat lake table, typed as DuckDB reads the sink's Parquet files, as a relation of no rows. The
 * sink writes a file with only the columns its rows fill (a default-format flow log fills 15 of the flow table's
 * 73), so a column may be in no file yet; a view that puts this relation before the files ({@code UNION ALL BY NAME})
 * still has it, null, in the table's order, and AWS's example queries that name it run.
 */
final class DeclaredColumns {
    private DeclaredColumns() {
    }

    /**
     * {@code SELECT NULL::type AS "column", ... WHERE false} over the table's columns and then its Hive partition
     * columns, or empty when the table is not flat (its files always hold every column).
     */
    static Optional<String> emptyRelation(LakeTable table) {
        List<String> columns = new ArrayList<>();
        for (Schema.Field field : table.schema().getFields()) {
            Optional<String> type = duckDbType(field.schema());
            if (type.isEmpty()) {
                return Optional.empty();
            }
            columns.add("NULL::" + type.get() + " AS \"" + field.name() + "\"");
        }
        columns.add("NULL::VARCHAR AS dt");
        columns.add("NULL::VARCHAR AS hour");
        return Optional.of("SELECT " + String.join(", ", columns) + " WHERE false");
    }

    /** The type DuckDB gives the Parquet column parquet-avro writes for {@code schema}; empty for nested types. */
    private static Optional<String> duckDbType(Schema schema) {
        if (schema.isUnion()) {
            List<Schema> branches = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
            return branches.size() == 1 ? duckDbType(branches.get(0)) : Optional.empty();
        }
        LogicalType logical = schema.getLogicalType();
        String logicalName = logical == null ? "" : logical.getName();
        return Optional.ofNullable(switch (schema.getType()) {
            case BOOLEAN -> "BOOLEAN";
            case INT -> switch (logicalName) {
                case "date" -> "DATE";
                case "time-millis" -> "TIME";
                case "" -> "INTEGER";
                default -> null;
            };
            case LONG -> switch (logicalName) {
                case "timestamp-millis", "timestamp-micros" -> "TIMESTAMP WITH TIME ZONE";
                case "local-timestamp-millis", "local-timestamp-micros" -> "TIMESTAMP";
                case "time-micros" -> "TIME";
                case "" -> "BIGINT";
                default -> null;
            };
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case STRING, ENUM -> "VARCHAR";
            case BYTES, FIXED -> logical == null ? "BLOB" : null;
            default -> null;
        });
    }
}
