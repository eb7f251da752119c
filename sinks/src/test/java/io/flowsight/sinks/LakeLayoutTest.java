package io.flowsight.sinks;

import io.flowsight.schemas.LakeTable;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LakeLayoutTest {
    final LakeLayout layout = new LakeLayout(Path.of("/lake"));

    @Test
    void partitionsAreHiveStyleUtcDayAndZeroPaddedHour() {
        assertThat(layout.partitionDirectory(LakeTable.VPC_FLOW_LOGS, Instant.parse("2026-11-22T08:59:59.999Z")))
                .isEqualTo(Path.of("/lake/vpc_flow_logs/dt=2026-11-22/hour=08"));
        assertThat(layout.partitionDirectory(LakeTable.ALERTS, Instant.parse("2026-12-31T23:00:00Z")))
                .isEqualTo(Path.of("/lake/alerts/dt=2026-12-31/hour=23"));
    }

    @Test
    void fileNamesAreDeterministicAndReadBack() {
        String name = LakeLayout.fileName("flowsight.raw.vpcflow", 3, 1200, "zstd");
        assertThat(name).isEqualTo("flowsight.raw.vpcflow+3+1200.zstd.parquet");
        Path file = Path.of("/lake/vpc_flow_logs/dt=2026-11-22/hour=08").resolve(name);
        assertThat(LakeLayout.parse(file)).hasValue(
                new LakeLayout.DataFile(file, "flowsight.raw.vpcflow", 3, 1200, false));
        Path temporary = LakeLayout.temporaryPath(file);
        assertThat(temporary.getFileName().toString()).isEqualTo(".flowsight.raw.vpcflow+3+1200.zstd.parquet.tmp");
        assertThat(LakeLayout.parse(temporary)).hasValueSatisfying(data -> assertThat(data.temporary()).isTrue());
        assertThat(LakeLayout.parse(Path.of("/lake/README.md"))).isEmpty();
    }

    @Test
    void tablesFollowTheDesignNames() {
        assertThat(LakeTable.values()).extracting(LakeTable::tableName).containsExactly("vpc_flow_logs",
                "cloudtrail_events", "alb_logs", "alb_connection_logs", "top_talkers", "rejected_traffic", "anomalies",
                "alerts", "dead_letters", "findings", "blocklist_changes");
        assertThat(LakeTable.TOP_TALKERS.schema().getFields().get(LakeTable.TOP_TALKERS.partitionTimePosition()).name())
                .isEqualTo("window_start");
    }
}
