package io.flowsight.sinks;

import io.flowsight.sinks.parquet.AvroBinaryRows;
import io.flowsight.sinks.parquet.FileColumns;

import io.flowsight.schemas.LakeTable;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.sinks.parquet.ParquetPartFile;
import io.flowsight.sinks.parquet.ParquetSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.flowsight.testsupport.FramedAvro;

import static org.assertj.core.api.Assertions.assertThat;

class LakeCompactorTest {
    static final String TOPIC = "flowsight.raw.vpcflow";
    static final Instant HOUR = Instant.parse("2026-11-22T08:00:00Z");
    static final Clock LATER = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path lake;
    LakeLayout layout;
    Path partition;

    @Test
    void committedFilesOfAClosedHourBecomeOneAndUncommittedOnesStay() throws Exception {
        layout = new LakeLayout(lake);
        partition = layout.partitionDirectory(LakeTable.VPC_FLOW_LOGS, HOUR);
        write(0, 0, 10);
        write(0, 10, 10);
        write(1, 0, 5);
        Path uncommitted = write(0, 30, 7);

        LakeCompactor.Result result = new LakeCompactor(layout, ParquetSettings.DEFAULT, LATER)
                .compact(LakeTable.VPC_FLOW_LOGS, Duration.ofHours(1), Map.of(TOPIC + "+0", 30L, TOPIC + "+1", 5L));

        assertThat(result).isEqualTo(new LakeCompactor.Result(1, 3, 1, 25));
        assertThat(files()).hasSize(2).contains(uncommitted)
                .anySatisfy(file -> assertThat(file.getFileName().toString()).startsWith("compacted-"));
        assertThat(rows()).isEqualTo(32);
        assertThat(distinctPorts()).isEqualTo(32);
    }

    @Test
    void aFileOfOnlyTheColumnsItsRowsFillMergesWithFilesOfEveryColumn() throws Exception {
        layout = new LakeLayout(lake);
        partition = layout.partitionDirectory(LakeTable.VPC_FLOW_LOGS, HOUR);
        write(0, 0, 6);
        Path narrow = partition.resolve(LakeLayout.fileName(TOPIC, 0, 6, "zstd"));
        AvroBinaryRows rows = AvroBinaryRows.of(VpcFlowLog.getClassSchema()).orElseThrow();
        ParquetPartFile file = null;
        for (int i = 6; i < 10; i++) {
            AvroBinaryRows.Row row = rows.read(FramedAvro.value(LakeSinkIT.flow(i)), 5);
            if (file == null) {
                file = ParquetPartFile.open(narrow, LakeLayout.temporaryPath(narrow),
                        FileColumns.of(VpcFlowLog.getClassSchema(), row), ParquetSettings.DEFAULT, HOUR);
            }
            file.write(row, HOUR);
        }
        file.commit();

        LakeCompactor.Result result = new LakeCompactor(layout, ParquetSettings.DEFAULT, LATER)
                .compact(LakeTable.VPC_FLOW_LOGS, Duration.ofHours(1), Map.of(TOPIC + "+0", 10L));

        assertThat(result).isEqualTo(new LakeCompactor.Result(1, 2, 1, 10));
        assertThat(rows()).isEqualTo(10);
        assertThat(distinctPorts()).isEqualTo(10);
        assertThat(query("SELECT count(*) FROM (DESCRIBE SELECT * FROM read_parquet('" + partition
                + "/*.parquet', hive_partitioning = false))")).isEqualTo(VpcFlowLog.getClassSchema().getFields().size());
    }

    @Test
    void anOpenHourIsLeftAlone() throws Exception {
        layout = new LakeLayout(lake);
        partition = layout.partitionDirectory(LakeTable.VPC_FLOW_LOGS, HOUR);
        write(0, 0, 3);
        write(0, 3, 3);
        Clock duringTheHour = Clock.fixed(Instant.parse("2026-11-22T08:30:00Z"), ZoneOffset.UTC);
        assertThat(new LakeCompactor(layout, ParquetSettings.DEFAULT, duringTheHour)
                .compact(LakeTable.VPC_FLOW_LOGS, Duration.ofMinutes(15), Map.of(TOPIC + "+0", 6L)).partitions())
                .isZero();
        assertThat(files()).hasSize(2);
    }

    @Test
    void anInterruptedCompactionIsFinishedOrUndone() throws Exception {
        layout = new LakeLayout(lake);
        partition = layout.partitionDirectory(LakeTable.VPC_FLOW_LOGS, HOUR);
        Path a = write(0, 0, 4);
        Path b = write(0, 4, 4);
        // Crash after the merged file appeared, before the sources were removed.
        Path merged = partition.resolve("compacted-x.zstd.parquet");
        Files.copy(a, merged);
        Files.writeString(partition.resolve(LakeCompactor.MANIFEST_PREFIX + "x.json"),
                "{\"target\":\"compacted-x.zstd.parquet\",\"sources\":[\"" + a.getFileName() + "\"]}");
        // Crash before the merged file appeared.
        Path temporary = LakeLayout.temporaryPath(partition.resolve("compacted-y.zstd.parquet"));
        Files.writeString(temporary, "partial");
        Files.writeString(partition.resolve(LakeCompactor.MANIFEST_PREFIX + "y.json"),
                "{\"target\":\"compacted-y.zstd.parquet\",\"sources\":[\"" + b.getFileName() + "\"]}");

        new LakeCompactor(layout, ParquetSettings.DEFAULT, LATER)
                .compact(LakeTable.VPC_FLOW_LOGS, Duration.ofDays(1), Map.of());

        assertThat(a).doesNotExist();
        assertThat(b).exists();
        assertThat(temporary).doesNotExist();
        assertThat(files()).containsExactlyInAnyOrder(merged, b);
        assertThat(rows()).isEqualTo(8);
    }

    private Path write(int kafkaPartition, long startOffset, int count) throws Exception {
        Path finalPath = partition.resolve(LakeLayout.fileName(TOPIC, kafkaPartition, startOffset, "zstd"));
        ParquetPartFile file = ParquetPartFile.open(finalPath, LakeLayout.temporaryPath(finalPath),
                VpcFlowLog.getClassSchema(), ParquetSettings.DEFAULT, HOUR);
        for (int i = 0; i < count; i++) {
            file.write(LakeSinkIT.flow(kafkaPartition * 1000 + (int) startOffset + i), HOUR);
        }
        return file.commit();
    }


    private List<Path> files() throws Exception {
        try (Stream<Path> list = Files.list(partition)) {
            return list.filter(f -> f.toString().endsWith(".parquet")).toList();
        }
    }

    private long rows() throws Exception {
        return query("SELECT count(*) FROM read_parquet('" + partition + "/*.parquet')");
    }

    private long distinctPorts() throws Exception {
        return query("SELECT count(DISTINCT srcport) FROM read_parquet('" + partition + "/*.parquet')");
    }

    private static long query(String sql) throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
