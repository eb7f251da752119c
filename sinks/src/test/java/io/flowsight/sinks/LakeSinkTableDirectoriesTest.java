package io.flowsight.sinks;

import io.flowsight.schemas.LakeTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A starting sink creates every table's directory, so that Trino's Hive connector (which refuses an external location
 * that is not a directory) accepts the generated DDL on a lake where some tables have no rows yet.
 */
class LakeSinkTableDirectoriesTest {
    @TempDir
    Path lake;

    @Test
    void everyTableDirectoryExistsOnceTheSinkHasStartedEvenForTablesItDoesNotWrite() throws Exception {
        startAndStopSink();

        assertThat(entries(lake)).containsExactly("alb_connection_logs", "alb_logs", "alerts", "anomalies",
                "blocklist_changes", "cloudtrail_events", "dead_letters", "findings", "rejected_traffic", "top_talkers",
                "vpc_flow_logs");
        assertThat(entries(lake)).containsExactlyInAnyOrderElementsOf(
                Stream.of(LakeTable.values()).map(LakeTable::tableName).toList());
        for (LakeTable table : LakeTable.values()) {
            assertThat(lake.resolve(table.tableName())).isEmptyDirectory();
        }
    }

    @Test
    void aRestartKeepsWhatTheTableDirectoriesHold() throws Exception {
        startAndStopSink();
        Path partition = Files.createDirectories(lake.resolve("vpc_flow_logs/dt=2026-11-22/hour=10"));
        Path file = Files.writeString(partition.resolve("flowsight.raw.vpcflow+0+0.zstd.parquet"), "committed");

        startAndStopSink();

        assertThat(entries(lake)).hasSize(LakeTable.values().length);
        assertThat(file).hasContent("committed");
        assertThat(entries(lake.resolve("alb_connection_logs"))).isEmpty();
    }

    /** The sink without a reachable broker: it creates the directories before it first talks to Kafka. */
    private void startAndStopSink() {
        SinkConfig config = new SinkConfig(Map.of(
                SinkConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1",
                SinkConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://localhost:1",
                SinkConfig.LAKE_DIR_CONFIG, lake.toString(),
                SinkConfig.TABLES_CONFIG, "vpc_flow_logs"));
        new LakeSink(config, Clock.systemUTC()).close();
    }

    private static List<String> entries(Path directory) throws Exception {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }
}
