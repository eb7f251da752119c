package io.flowsight.queries.canned;

import io.flowsight.queries.sql.LakeQueryService;
import io.flowsight.schemas.CloudTrailEvent;
import io.flowsight.schemas.Finding;
import io.flowsight.schemas.LakeTable;
import io.flowsight.schemas.UserIdentity;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.sinks.LakeLayout;
import io.flowsight.sinks.parquet.ParquetPartFile;
import io.flowsight.sinks.parquet.ParquetSettings;
import org.apache.avro.generic.IndexedRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each canned query on a small lake with a known answer. */
class CannedQueriesTest {
    @TempDir
    Path lake;
    LakeQueryService service;

    static final Instant DAY1 = Instant.parse("2026-11-21T23:30:00Z");
    static final Instant DAY2 = Instant.parse("2026-11-22T08:15:00Z");

    @BeforeEach
    void writeLake() throws Exception {
        LakeLayout layout = new LakeLayout(lake);
        write(layout, LakeTable.VPC_FLOW_LOGS, DAY1, List.of(
                flow("10.0.0.9", "172.31.0.1", 22, 50_000, 10, "ACCEPT", DAY1)));
        write(layout, LakeTable.VPC_FLOW_LOGS, DAY2, List.of(
                flow("10.0.0.1", "172.31.0.1", 443, 9_000, 9, "ACCEPT", DAY2),
                flow("10.0.0.1", "172.31.0.2", 443, 1_000, 1, "ACCEPT", DAY2),
                flow("10.0.0.2", "172.31.0.1", 22, 3_000, 50, "REJECT", DAY2),
                flow("10.0.0.2", "172.31.0.3", 23, 100, 2, "REJECT", DAY2),
                flow("10.0.0.3", "10.0.0.1", 3389, 200, 2, "REJECT", DAY2.plusSeconds(60))));
        write(layout, LakeTable.CLOUDTRAIL_EVENTS, DAY2, List.of(CloudTrailEvent.newBuilder()
                .setEventtime("2026-11-22T08:20:00Z").setEventsource("s3.amazonaws.com").setEventname("GetObject")
                .setErrorcode("AccessDenied").setSourceipaddress("10.0.0.1")
                .setUseridentity(UserIdentity.newBuilder().setArn("arn:aws:iam::1:user/eve").build())
                .setEventTime(Instant.parse("2026-11-22T08:20:00Z")).build()));
        write(layout, LakeTable.FINDINGS, DAY2, List.of(
                finding("f-1", "Trail logging stopped", "high", "10.0.0.1", "StopLogging", DAY2.plusSeconds(600)),
                finding("f-2", "Access key created for another user", "medium", "10.0.0.7", "CreateAccessKey",
                        DAY2.plusSeconds(660))));
        service = LakeQueryService.open(lake);
    }

    @AfterEach
    void close() throws Exception {
        service.close();
    }

    @Test
    void topTalkersBySourceBytesPacketsAndDestination() throws Exception {
        assertThat(column(CannedQueries.topTalkers(CannedQueries.TalkerMeasure.BYTES, false, 2, TimeRange.ALL)))
                .containsExactly("10.0.0.9", "10.0.0.1");
        assertThat(column(CannedQueries.topTalkers(CannedQueries.TalkerMeasure.PACKETS, false, 1, TimeRange.ALL)))
                .containsExactly("10.0.0.2");
        assertThat(column(CannedQueries.topTalkers(CannedQueries.TalkerMeasure.FLOWS, true, 1, TimeRange.ALL)))
                .containsExactly("172.31.0.1");
        TimeRange day2 = new TimeRange(Instant.parse("2026-11-22T00:00:00Z"), null);
        assertThat(column(CannedQueries.topTalkers(CannedQueries.TalkerMeasure.BYTES, false, 1, day2)))
                .as("the day before is outside the range").containsExactly("10.0.0.1");
    }

    @Test
    void rejectedBySourcePortAndInterface() throws Exception {
        assertThat(service.query(CannedQueries.rejected(CannedQueries.RejectedBy.SRC, 10, TimeRange.ALL)).rows())
                .extracting(row -> row.get(0) + "=" + row.get(1)).containsExactly("10.0.0.2=2", "10.0.0.3=1");
        assertThat(column(CannedQueries.rejected(CannedQueries.RejectedBy.PORT, 10, TimeRange.ALL)))
                .containsExactly("22", "23", "3389");
        assertThat(column(CannedQueries.rejected(CannedQueries.RejectedBy.INTERFACE, 10,
                new TimeRange(null, DAY2.plusSeconds(30))))).containsExactly("eni-1");
    }

    @Test
    void anAddressTimelineSpansTablesInTimeOrder() throws Exception {
        List<List<Object>> rows = service.query(CannedQueries.ip("10.0.0.1", TimeRange.ALL,
                new HashSet<>(service.tables()))).rows();
        assertThat(rows).extracting(row -> row.get(1)).containsExactly("vpc_flow_logs", "vpc_flow_logs",
                "vpc_flow_logs", "cloudtrail_events", "findings");
        assertThat(rows.get(2).get(2)).isEqualTo("REJECT 10.0.0.3:1234 -> 10.0.0.1:3389 200 bytes");
        assertThat(rows.get(3).get(2)).isEqualTo("s3.amazonaws.com GetObject AccessDenied by arn:aws:iam::1:user/eve");
        assertThat(rows.get(4).get(2)).isEqualTo("high Trail logging stopped (cloudtrail e-f-1; rule r-f-1 by "
                + "FlowSight tests)");
    }

    @Test
    void findingsNewestFirstWithTheRuleAuthor() throws Exception {
        assertThat(service.query(CannedQueries.findings(10, TimeRange.ALL)).rows()).extracting(row ->
                row.get(1) + " " + row.get(2) + " " + row.get(3) + " " + row.get(4) + " " + row.get(5) + " "
                        + row.get(6)).containsExactly(
                "medium Access key created for another user 10.0.0.7 CreateAccessKey arn:aws:iam::1:user/eve "
                        + "FlowSight tests",
                "high Trail logging stopped 10.0.0.1 StopLogging arn:aws:iam::1:user/eve FlowSight tests");
        assertThat(column(CannedQueries.findings(1, new TimeRange(null, DAY2.plusSeconds(630)))))
                .as("the later one is outside the range").hasSize(1);
    }

    @Test
    void badInputIsRefusedBeforeSql() {
        assertThatThrownBy(() -> CannedQueries.ip("1.2.3.4' OR 1=1 --", TimeRange.ALL, new HashSet<>(service.tables())))
                .hasMessageContaining("is not an IPv4 or IPv6 address");
        assertThatThrownBy(() -> CannedQueries.rejected(CannedQueries.RejectedBy.SRC, 0, TimeRange.ALL))
                .hasMessage("--limit must be at least 1, not 0.");
    }

    private List<String> column(String sql) throws Exception {
        return service.query(sql).rows().stream().map(row -> String.valueOf(row.get(0))).toList();
    }

    private static VpcFlowLog flow(String src, String dst, int dstport, long bytes, long packets, String action,
                                   Instant time) {
        return VpcFlowLog.newBuilder().setVersion(2).setInterfaceId("eni-1").setSrcaddr(src).setDstaddr(dst)
                .setSrcport(1234).setDstport(dstport).setBytes(bytes).setPackets(packets).setAction(action)
                .setStart(time.getEpochSecond()).setEventTime(time).build();
    }

    private static Finding finding(String id, String title, String level, String address, String eventName,
                                   Instant time) {
        return Finding.newBuilder().setFindingId("r-" + id + "|e-" + id).setRuleId("r-" + id).setRuleTitle(title)
                .setRuleLevel(level).setRuleAuthor("FlowSight tests").setRuleTags(List.of("attack.t1562.008"))
                .setRuleReferences(List.of()).setMatchedSelections(List.of("selection")).setLogType("cloudtrail")
                .setEventId("e-" + id)
                .setEventTime(time).setSourceAddress(address).setPrincipalArn("arn:aws:iam::1:user/eve")
                .setEventName(eventName).build();
    }

    private static void write(LakeLayout layout, LakeTable table, Instant time, List<? extends IndexedRecord> records)
            throws Exception {
        Path target = layout.partitionDirectory(table, time).resolve(LakeLayout.fileName("t", 0, 0, "zstd"));
        ParquetPartFile file = ParquetPartFile.open(target, LakeLayout.temporaryPath(target), table.schema(),
                ParquetSettings.DEFAULT, time);
        for (IndexedRecord record : records) {
            file.write(record, time);
        }
        file.commit();
    }
}
