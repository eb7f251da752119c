package io.flowsight.queries.ddl;

import io.flowsight.schemas.LakeTable;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

import java.net.URI;
import java.util.stream.Collectors;

/**
 * {@code CREATE TABLE} statements for the lake's tables, derived from the same Avro schemas the sinks write with,
 * so the columns and types always match the Parquet files: Athena's Hive DDL with partition projection on
 * {@code dt}/{@code hour} (no MSCK REPAIR, no crawler), and Trino's Hive-connector form.
 */
public final class TableDdl {
    /** The first day partition projection enumerates; earlier days would not be found. */
    static final String PROJECTION_START = "2020-01-01";

    private TableDdl() {
    }

    /**
     * @param location  where the lake is, e.g. {@code s3://bucket/prefix} (the table is its sub-folder)
     * @param database  Athena database, or Trino {@code catalog.schema}
     */
    public static String create(SqlEngine engine, LakeTable table, String location, String database) {
        String tableLocation = tableLocation(location, table);
        return switch (engine) {
            case ATHENA -> athena(table, tableLocation, database);
            case TRINO -> trino(table, tableLocation, database);
        };
    }

    private static String athena(LakeTable table, String location, String database) {
        String columns = table.schema().getFields().stream()
                .map(field -> "  `" + field.name() + "` " + hiveType(field.schema()))
                .collect(Collectors.joining(",\n"));
        return "CREATE EXTERNAL TABLE IF NOT EXISTS `" + database + "`.`" + table.tableName() + "` (\n"
                + columns + "\n)\n"
                + "PARTITIONED BY (`dt` string, `hour` string)\n"
                + "STORED AS PARQUET\n"
                + "LOCATION '" + location + "'\n"
                + "TBLPROPERTIES (\n"
                + "  'projection.enabled' = 'true',\n"
                + "  'projection.dt.type' = 'date',\n"
                + "  'projection.dt.format' = 'yyyy-MM-dd',\n"
                + "  'projection.dt.range' = '" + PROJECTION_START + ",NOW',\n"
                + "  'projection.dt.interval' = '1',\n"
                + "  'projection.dt.interval.unit' = 'DAYS',\n"
                + "  'projection.hour.type' = 'integer',\n"
                + "  'projection.hour.range' = '0,23',\n"
                + "  'projection.hour.digits' = '2',\n"
                + "  'storage.location.template' = '" + location + "dt=${dt}/hour=${hour}/'\n"
                + ");\n";
    }

    private static String trino(LakeTable table, String location, String schema) {
        String columns = table.schema().getFields().stream()
                .map(field -> "  \"" + field.name() + "\" " + trinoType(field.schema()))
                .collect(Collectors.joining(",\n"));
        String qualified = schema + "." + table.tableName();
        String[] catalogAndSchema = schema.split("\\.", 2);
        String schemaName = catalogAndSchema.length == 2 ? catalogAndSchema[1] : schema;
        return "CREATE TABLE IF NOT EXISTS " + qualified + " (\n"
                + columns + ",\n"
                + "  \"dt\" varchar,\n"
                + "  \"hour\" varchar\n"
                + ")\n"
                + "WITH (\n"
                + "  external_location = '" + location.substring(0, location.length() - 1) + "',\n"
                + "  format = 'PARQUET',\n"
                + "  partitioned_by = ARRAY['dt', 'hour']\n"
                + ");\n"
                + "CALL " + (catalogAndSchema.length == 2 ? catalogAndSchema[0] + "." : "")
                + "system.sync_partition_metadata('" + schemaName + "', '" + table.tableName() + "', 'ADD');\n";
    }

    /** Hive/Athena type of an Avro schema. */
    static String hiveType(Schema schema) {
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            return "timestamp";
        }
        return switch (schema.getType()) {
            case UNION -> hiveType(nonNull(schema));
            case STRING -> "string";
            case INT -> "int";
            case LONG -> "bigint";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case BOOLEAN -> "boolean";
            case BYTES -> "binary";
            case ARRAY -> "array<" + hiveType(schema.getElementType()) + ">";
            case MAP -> "map<string," + hiveType(schema.getValueType()) + ">";
            case RECORD -> "struct<" + schema.getFields().stream()
                    .map(field -> field.name() + ":" + hiveType(field.schema())).collect(Collectors.joining(",")) + ">";
            default -> throw new IllegalArgumentException("No Hive type for Avro " + schema.getType());
        };
    }

    /** Trino type of an Avro schema, as the Hive connector reads the Parquet files. */
    static String trinoType(Schema schema) {
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            return "timestamp(3)";
        }
        return switch (schema.getType()) {
            case UNION -> trinoType(nonNull(schema));
            case STRING -> "varchar";
            case INT -> "integer";
            case LONG -> "bigint";
            case FLOAT -> "real";
            case DOUBLE -> "double";
            case BOOLEAN -> "boolean";
            case BYTES -> "varbinary";
            case ARRAY -> "array(" + trinoType(schema.getElementType()) + ")";
            case MAP -> "map(varchar, " + trinoType(schema.getValueType()) + ")";
            case RECORD -> "row(" + schema.getFields().stream()
                    .map(field -> "\"" + field.name() + "\" " + trinoType(field.schema()))
                    .collect(Collectors.joining(", ")) + ")";
            default -> throw new IllegalArgumentException("No Trino type for Avro " + schema.getType());
        };
    }

    private static Schema nonNull(Schema union) {
        return union.getTypes().stream().filter(branch -> branch.getType() != Schema.Type.NULL).findFirst()
                .orElseThrow();
    }

    private static String tableLocation(String location, LakeTable table) {
        URI uri = URI.create(location);
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException("--location " + location + " needs a scheme, e.g. s3://bucket/prefix.");
        }
        return (location.endsWith("/") ? location : location + "/") + table.tableName() + "/";
    }
}
