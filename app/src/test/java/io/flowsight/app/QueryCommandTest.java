package io.flowsight.app;

import io.flowsight.schemas.DeadLetter;
import io.flowsight.schemas.LakeTable;
import io.flowsight.schemas.TopTalkerEntry;
import io.flowsight.schemas.TopTalkers;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.sinks.LakeLayout;
import io.flowsight.sinks.parquet.ParquetPartFile;
import io.flowsight.sinks.parquet.ParquetSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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

    private void write(LakeTable table, Instant time, org.apache.avro.generic.IndexedRecord... records)
            throws Exception {
        Path target = new LakeLayout(lake).partitionDirectory(table, time)
                .resolve(LakeLayout.fileName(table.topic().topicName(), 0, 0, "zstd"));
        ParquetPartFile file = ParquetPartFile.open(target, LakeLayout.temporaryPath(target), table.schema(),
                ParquetSettings.DEFAULT, time);
        for (org.apache.avro.generic.IndexedRecord record : records) {
            file.write(record, time);
        }
        file.commit();
    }

    private static DeadLetter deadLetter(String reason, byte[] payload, Instant time) {
        return DeadLetter.newBuilder().setSource("flows.log").setReason(reason).setError(reason)
                .setPayload(ByteBuffer.wrap(payload)).setEventTime(time).build();
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
    void jsonWritesNestedColumnsAsJsonAndCsvAsJsonText() throws Exception {
        Instant window = Instant.parse("2026-11-22T08:00:00Z");
        write(LakeTable.TOP_TALKERS, window, TopTalkers.newBuilder().setWindowStart(window)
                .setWindowEnd(window.plusSeconds(60)).setDimension("src_bytes").setMode("exact").setMaxError(0L)
                .setEntries(List.of(TopTalkerEntry.newBuilder().setRank(1).setKey("10.0.5.5").setValue(1_200_000_000L)
                        .build())).build());
        FlowSightCliTest.Run json = run("query", "--lake", lake.toString(), "--format", "json",
                "SELECT * FROM top_talkers");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.out().strip()).isEqualTo("{\"window_start\":\"2026-11-22T08:00:00Z\","
                + "\"window_end\":\"2026-11-22T08:01:00Z\",\"dimension\":\"src_bytes\",\"mode\":\"exact\","
                + "\"max_error\":0,\"entries\":[{\"rank\":1,\"key\":\"10.0.5.5\",\"value\":1200000000,"
                + "\"lower_bound\":null,\"upper_bound\":null}],\"dt\":\"2026-11-22\",\"hour\":\"08\"}");
        assertThat(run("query", "--lake", lake.toString(), "--format", "csv", "SELECT entries FROM top_talkers")
                .out().lines().toList()).containsExactly("entries", "\"[{\"\"rank\"\":1,\"\"key\"\":\"\"10.0.5.5\"\","
                + "\"\"value\"\":1200000000,\"\"lower_bound\"\":null,\"\"upper_bound\"\":null}]\"");
    }

    @Test
    void tableShowsBlobPayloadsAsTextWhenUtf8AndAsHexOtherwise() throws Exception {
        Instant time = Instant.parse("2026-11-22T08:15:00Z");
        write(LakeTable.DEAD_LETTERS, time,
                deadLetter("bad_value", "2 123456789012 eni-0000 not-an-ip".getBytes(StandardCharsets.UTF_8), time),
                deadLetter("gzip_bomb", new byte[]{0x1f, (byte) 0x8b, 0x08, 0x00}, time));
        FlowSightCliTest.Run table = run("query", "--lake", lake.toString(),
                "SELECT reason, payload FROM dead_letters ORDER BY reason");
        assertThat(table.out().lines().toList()).containsExactly(
                "reason    | payload                          ",
                "----------+----------------------------------",
                "bad_value | 2 123456789012 eni-0000 not-an-ip",
                "gzip_bomb | 0x1f8b0800                       ",
                "(2 rows)");
        assertThat(run("query", "--lake", lake.toString(), "--format", "json",
                "SELECT payload FROM dead_letters ORDER BY reason").out().lines().toList())
                .containsExactly("{\"payload\":\"2 123456789012 eni-0000 not-an-ip\"}", "{\"payload\":\"H4sIAA==\"}");
    }

    @Test
    void aQueryOverTheTimeoutStopsWithOneSentence() {
        long started = System.nanoTime();
        FlowSightCliTest.Run slow = run("query", "--lake", lake.toString(), "--query-timeout", "1s",
                "SELECT sum(hash(a.range + b.range)) FROM range(200000000) a, range(50) b");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(slow.exitCode()).isEqualTo(1);
        assertThat(slow.err().lines().findFirst()).contains("flowsight query: The query ran longer than the time limit of 1s and "
                + "was stopped: narrow it (a dt/hour filter, a LIMIT) or raise flowsight.query.timeout (--query-timeout).");
        FlowSightCliTest.Run bad = run("query", "--lake", lake.toString(), "--query-timeout", "soon", "SELECT 1");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err().lines().findFirst()).contains("flowsight query: flowsight.query.timeout is 'soon', which is not a "
                + "duration; write e.g. 30s, 15m, 1h or 2d.");
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
