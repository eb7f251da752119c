package io.flowsight.queries.sql;

import io.flowsight.schemas.LakeTable;
import io.flowsight.schemas.TrustedAvroClasses;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.sinks.LakeLayout;
import io.flowsight.sinks.parquet.AvroBinaryRows;
import io.flowsight.sinks.parquet.FileColumns;
import io.flowsight.sinks.parquet.ParquetPartFile;
import io.flowsight.sinks.parquet.ParquetSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.flowsight.testsupport.FramedAvro;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lake's views have every column of their table, with the type DuckDB reads from a file that holds it, even when
 * no file does: the sink writes flow-log files with only the columns their rows fill.
 */
class DeclaredColumnsTest {
    private static final Instant TIME = Instant.parse("2026-11-22T08:15:00Z");

    static {
        TrustedAvroClasses.install();
    }

    @TempDir
    Path lake;

    @ParameterizedTest
    @EnumSource(value = LakeTable.class, names = {"VPC_FLOW_LOGS", "REJECTED_TRAFFIC", "DEAD_LETTERS",
            "BLOCKLIST_CHANGES"})
    void theDeclaredColumnsAreTheColumnsAndTypesDuckDbReadsFromAFileOfThemAll(LakeTable table) throws Exception {
        Path file = lake.resolve("all.zstd.parquet");
        ParquetPartFile.open(file, LakeLayout.temporaryPath(file), table.schema(), ParquetSettings.DEFAULT, TIME)
                .commit();

        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement()) {
            assertThat(describe(sql, DeclaredColumns.emptyRelation(table).orElseThrow())).isEqualTo(describe(sql,
                    "SELECT *, NULL::VARCHAR AS dt, NULL::VARCHAR AS hour FROM read_parquet('" + file + "')"));
        }
    }

    @Test
    void nestedTablesDeclareNothingTheirFilesAlwaysHoldEveryColumn() {
        assertThat(Arrays.stream(LakeTable.values()).filter(table -> DeclaredColumns.emptyRelation(table).isPresent()))
                .containsExactlyInAnyOrder(LakeTable.VPC_FLOW_LOGS, LakeTable.REJECTED_TRAFFIC, LakeTable.DEAD_LETTERS,
                        LakeTable.BLOCKLIST_CHANGES);
    }

    @Test
    void aColumnNoFileHoldsIsNullInTheViewAndTheTableKeepsItsOrder() throws Exception {
        VpcFlowLog flow = VpcFlowLog.newBuilder().setVersion(2).setAccountId("123456789010").setInterfaceId("eni-1")
                .setSrcaddr("10.0.0.1").setDstaddr("172.31.0.9").setSrcport(40000).setDstport(22).setProtocol(6L)
                .setPackets(3L).setBytes(180L).setStart(TIME.getEpochSecond()).setEnd(TIME.getEpochSecond() + 60)
                .setAction("REJECT").setLogStatus("OK").setEventTime(TIME).build();
        AvroBinaryRows.Row row = AvroBinaryRows.of(VpcFlowLog.getClassSchema()).orElseThrow().read(FramedAvro.value(flow), 5);
        Path target = new LakeLayout(lake).partitionDirectory(LakeTable.VPC_FLOW_LOGS, TIME)
                .resolve(LakeLayout.fileName("flowsight.raw.vpcflow", 0, 0, "zstd"));
        ParquetPartFile file = ParquetPartFile.open(target, LakeLayout.temporaryPath(target),
                FileColumns.of(VpcFlowLog.getClassSchema(), row), ParquetSettings.DEFAULT, TIME);
        file.write(row, TIME);
        file.commit();

        try (LakeQueryService service = LakeQueryService.open(lake)) {
            QueryResult result = service.query("SELECT srcaddr, vpc_id, tcp_flags, \"date\" FROM vpc_flow_logs");
            assertThat(result.rows()).containsExactly(Arrays.asList("10.0.0.1", null, null, java.time.LocalDate.of(2026, 11, 22)));
            List<String> expected = new ArrayList<>();
            VpcFlowLog.getClassSchema().getFields().forEach(field -> expected.add(field.name()));
            expected.addAll(List.of("dt", "hour", "date"));
            assertThat(service.query("SELECT * FROM vpc_flow_logs").columns()).containsExactlyElementsOf(expected);
        }
    }

    private static List<String> describe(Statement sql, String select) throws Exception {
        List<String> columns = new ArrayList<>();
        try (ResultSet described = sql.executeQuery("DESCRIBE " + select)) {
            while (described.next()) {
                columns.add(described.getString("column_name") + " " + described.getString("column_type"));
            }
        }
        return columns;
    }

}
