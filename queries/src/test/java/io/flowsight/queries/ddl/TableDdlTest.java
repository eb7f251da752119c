package io.flowsight.queries.ddl;

import io.flowsight.schemas.LakeTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generated DDL of every table for both engines equals its reviewed golden file. */
class TableDdlTest {

    @TestFactory
    Stream<DynamicTest> everyTableMatchesItsGoldenFile() {
        List<DynamicTest> tests = new ArrayList<>();
        for (SqlEngine engine : SqlEngine.values()) {
            String database = engine == SqlEngine.ATHENA ? "flowsight" : "hive.flowsight";
            for (LakeTable table : LakeTable.values()) {
                String golden = "/ddl/" + engine.name().toLowerCase(Locale.ROOT) + "/" + table.tableName() + ".sql";
                tests.add(DynamicTest.dynamicTest(golden, () -> assertThat(
                        TableDdl.create(engine, table, "s3://my-bucket/flowsight", database).strip())
                        .isEqualTo(read(golden).strip())));
            }
        }
        return tests.stream();
    }

    @Test
    void athenaColumnsAreTheAwsDdlColumnsFollowedByLaterOnesAndThePartitions() {
        String ddl = TableDdl.create(SqlEngine.ATHENA, LakeTable.VPC_FLOW_LOGS, "s3://b/p/", "db");
        assertThat(ddl).startsWith("CREATE EXTERNAL TABLE IF NOT EXISTS `db`.`vpc_flow_logs` (\n  `version` int,\n"
                + "  `account_id` string,\n  `interface_id` string,\n  `srcaddr` string,");
        assertThat(ddl).contains("  `end` bigint,\n").contains("  `event_time` timestamp\n)\n")
                .contains("LOCATION 's3://b/p/vpc_flow_logs/'")
                .contains("'storage.location.template' = 's3://b/p/vpc_flow_logs/dt=${dt}/hour=${hour}/'");
    }

    @Test
    void nestedTypesMapToStructsAndRows() {
        assertThat(TableDdl.hiveType(LakeTable.TOP_TALKERS.schema().getField("entries").schema()))
                .isEqualTo("array<struct<rank:int,key:string,value:bigint,lower_bound:bigint,upper_bound:bigint>>");
        assertThat(TableDdl.trinoType(LakeTable.ANOMALIES.schema().getField("evidence").schema()))
                .isEqualTo("map(varchar, varchar)");
    }

    @Test
    void aLocationWithoutSchemeAndAnUnknownEngineAreRefused() {
        assertThatThrownBy(() -> TableDdl.create(SqlEngine.ATHENA, LakeTable.ALERTS, "my-bucket/flowsight", "db"))
                .hasMessageContaining("needs a scheme");
        assertThatThrownBy(() -> SqlEngine.fromName("bigquery")).hasMessage("Unknown engine 'bigquery': use one of athena, trino.");
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = TableDdlTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
