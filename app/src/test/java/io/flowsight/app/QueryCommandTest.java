package io.flowsight.app;

import io.flowsight.schemas.LakeTable;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.sinks.LakeLayout;
import io.flowsight.sinks.parquet.ParquetPartFile;
import io.flowsight.sinks.parquet.ParquetSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static io.flowsight.app.FlowSightCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class QueryCommandTest {
    @TempDir
    Path lake;

    @BeforeEach
    void writeTwoFlows() throws Exception {
        Instant time = Instant.parse("2026-11-22T08:15:00Z");
        Path target = new LakeLayout(lake).partitionDirectory(LakeTable.VPC_FLOW_LOGS, time)
                .resolve(LakeLayout.fileName("flowsight.raw.vpcflow", 0, 0, "zstd"));
        ParquetPartFile file = ParquetPartFile.open(target, LakeLayout.temporaryPath(target), VpcFlowLog.getClassSchema(),
                ParquetSettings.DEFAULT, time);
        file.write(VpcFlowLog.newBuilder().setSrcaddr("10.0.0.1").setBytes(900L).setAction("ACCEPT").setEventTime(time)
                .build(), time);
        file.write(VpcFlowLog.newBuilder().setSrcaddr("10.0.0.2, \"odd\"").setBytes(100L).setAction("REJECT")
                .setEventTime(time).build(), time);
        file.commit();
    }

    @Test
    void tableOutputIsAligned() {
        FlowSightCliTest.Run run = run("query", "--lake", lake.toString(),
                "SELECT action, bytes FROM vpc_flow_logs ORDER BY bytes DESC");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().toList()).containsExactly(
                "action | bytes",
                "-------+------",
                "ACCEPT |   900",
                "REJECT |   100",
                "(2 rows)");
    }

    @Test
    void csvAndJsonAreForScripts() {
        assertThat(run("query", "--lake", lake.toString(), "--format", "csv",
                "SELECT srcaddr, bytes, event_time FROM vpc_flow_logs ORDER BY bytes").out().lines().toList())
                .containsExactly("srcaddr,bytes,event_time", "\"10.0.0.2, \"\"odd\"\"\",100,2026-11-22T08:15:00Z",
                        "10.0.0.1,900,2026-11-22T08:15:00Z");
        assertThat(run("query", "--lake", lake.toString(), "--format", "json",
                "SELECT srcaddr, bytes, dt, hour FROM vpc_flow_logs WHERE bytes > 500").out().strip())
                .isEqualTo("{\"srcaddr\":\"10.0.0.1\",\"bytes\":900,\"dt\":\"2026-11-22\",\"hour\":\"08\"}");
    }

    @Test
    void cannedQueriesTakeTheirOptionsAndARange() {
        FlowSightCliTest.Run top = run("top-talkers", "--lake", lake.toString(), "--by", "bytes", "--limit", "1",
                "--format", "csv");
        assertThat(top.exitCode()).as(top.err()).isZero();
        assertThat(top.out().lines().toList()).containsExactly("address,bytes,packets,flows", "10.0.0.1,900,,1");
        FlowSightCliTest.Run rejected = run("rejected", "--lake", lake.toString(), "--by", "src", "--format", "json",
                "--since", "2026-11-22T08:00:00Z", "--until", "2026-11-22T09:00:00Z");
        assertThat(rejected.out().strip()).isEqualTo("{\"src\":\"10.0.0.2, \\\"odd\\\"\",\"flows\":1,\"bytes\":100}");
        FlowSightCliTest.Run late = run("rejected", "--lake", lake.toString(), "--since", "PT1H");
        assertThat(late.out()).contains("(0 rows)");
        FlowSightCliTest.Run bad = run("top-talkers", "--lake", lake.toString(), "--since", "yesterday");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).startsWith("flowsight top-talkers: --since yesterday is neither an ISO-8601 instant");
        FlowSightCliTest.Run noAlerts = run("alerts", "--lake", lake.toString());
        assertThat(noAlerts.exitCode()).isEqualTo(1);
        assertThat(noAlerts.err()).contains("The lake has: vpc_flow_logs.");
    }

    @Test
    void badSqlAndAMissingLakeAreOneSentence() {
        FlowSightCliTest.Run bad = run("query", "--lake", lake.toString(), "DELETE FROM vpc_flow_logs");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).startsWith("flowsight query: Only one SELECT statement (or EXPLAIN of one) is allowed");
        FlowSightCliTest.Run missing = run("query", "--lake", lake.resolve("nope").toString(), "SELECT 1");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("flowsight query: No lake at ");
    }
}
