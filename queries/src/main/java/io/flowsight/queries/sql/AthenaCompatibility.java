package io.flowsight.queries.sql;

import io.flowsight.schemas.LakeTable;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What AWS's example Athena queries assume and DuckDB lacks, so they run as pasted: the partition columns AWS's
 * tables have ({@code date}, {@code day}, {@code year}, ...) derived from the lake's {@code dt}, views under the
 * table names of the Athena user guide, and the Presto/Trino functions its examples call, as macros. All of it is
 * fixed text: nothing a user writes becomes part of these definitions.
 */
final class AthenaCompatibility {
    /** AWS's partition columns of the tables whose names the lake shares with the Athena guide, after dt and hour. */
    private static final Map<LakeTable, String> PARTITION_COLUMNS = Map.of(
            // vpc_flow_logs is partitioned by `date` (type date) in the guide's first table.
            LakeTable.VPC_FLOW_LOGS, "CAST(dt AS DATE) AS \"date\"",
            // The guide's partition-projection alb_logs has `day` as yyyy/MM/dd.
            LakeTable.ALB_LOGS, "strftime(CAST(dt AS DATE), '%Y/%m/%d') AS \"day\"");

    /** A view under one of the guide's table names, over one of the lake's tables. */
    private record AliasView(String name, LakeTable over, String definition) {
    }

    private static final List<AliasView> ALIASES = List.of(
            // The partition-projection VPC table: the region is a column of the lake's records already; day yyyy/MM/dd.
            new AliasView("test_table_vpclogs", LakeTable.VPC_FLOW_LOGS, "SELECT * EXCLUDE (\"date\"), "
                    + "strftime(CAST(dt AS DATE), '%Y/%m/%d') AS \"day\" FROM vpc_flow_logs"),
            // CloudTrail writes each event under its region and (for an organization trail) its account, by day.
            new AliasView("cloudtrail_logs", LakeTable.CLOUDTRAIL_EVENTS, "SELECT *, recipientaccountid AS account, "
                    + "awsregion AS region, substr(dt, 1, 4) AS \"year\", substr(dt, 6, 2) AS \"month\", "
                    + "substr(dt, 9, 2) AS \"day\" FROM cloudtrail_events"));

    /**
     * Presto/Trino functions the guide's examples use, where DuckDB's differ only in name or arguments. Presto's
     * {@code replace} also takes two arguments (removing the text); {@code from_unixtime} and {@code to_iso8601} are
     * UTC, as an Athena session. {@code parse_datetime} is {@link ParseDatetimeFunction}.
     */
    private static final List<String> MACROS = List.of(
            "CREATE TEMP MACRO day_of_week(d) AS isodow(d)",
            "CREATE TEMP MACRO from_unixtime(seconds) AS to_timestamp(seconds)",
            "CREATE TEMP MACRO to_iso8601(t) AS strftime(t, '%Y-%m-%dT%H:%M:%S.%g') || 'Z'",
            "CREATE TEMP MACRO replace(text, search) AS system.main.replace(text, search, ''), "
                    + "(text, search, replacement) AS system.main.replace(text, search, replacement)");

    private AthenaCompatibility() {
    }

    /** The columns to add after {@code *} in the lake table's view: {@code ", <column>"}, or nothing. */
    static String partitionColumns(LakeTable table) {
        String columns = PARTITION_COLUMNS.get(table);
        return columns == null ? "" : ", " + columns;
    }

    /** Creates the functions, macros and the views under the guide's names whose lake table has data; returns their names. */
    static List<String> install(Connection connection, Statement statement, List<String> lakeTables)
            throws SQLException {
        ParseDatetimeFunction.register(connection);
        for (String macro : MACROS) {
            statement.execute(macro);
        }
        List<String> views = new ArrayList<>();
        for (AliasView alias : ALIASES) {
            if (lakeTables.contains(alias.over().tableName())) {
                statement.execute("CREATE VIEW " + alias.name() + " AS " + alias.definition());
                views.add(alias.name());
            }
        }
        return views;
    }
}
