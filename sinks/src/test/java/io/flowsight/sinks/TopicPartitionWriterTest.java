package io.flowsight.sinks;

import io.flowsight.schemas.LakeTable;
import io.flowsight.schemas.TrustedAvroClasses;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.sinks.parquet.AvroBinaryRows;
import io.flowsight.sinks.parquet.ParquetSettings;
import io.flowsight.sinks.storage.LocalLakeStorage;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

import io.flowsight.testsupport.FramedAvro;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partition's files hold the columns their rows fill: default-format flow logs make files of 15 columns; the first
 * flow that fills another column (a custom format's {@code vpc_id}) starts a file with it, and the files after keep
 * the wider columns; a record read as a generated record (another writer schema) needs a file of every column.
 */
class TopicPartitionWriterTest {
    private static final String TOPIC = "flowsight.raw.vpcflow";
    private static final Instant HOUR = Instant.parse("2026-11-22T08:00:00Z");

    static {
        TrustedAvroClasses.install();
    }

    @TempDir
    Path lake;

    @Test
    void aFlowFillingAColumnTheOpenFileLacksStartsAFileWithIt() throws Exception {
        TopicPartitionWriter writer = new TopicPartitionWriter(LakeTable.VPC_FLOW_LOGS, new TopicPartition(TOPIC, 0),
                new LocalLakeStorage(lake), ParquetSettings.DEFAULT, RollPolicy.DEFAULT);
        AvroBinaryRows rows = AvroBinaryRows.of(VpcFlowLog.getClassSchema()).orElseThrow();
        List<Boolean> opened = new ArrayList<>();
        for (int offset = 0; offset < 6; offset++) {
            VpcFlowLog flow = flow(offset, offset == 3 ? "vpc-0a1b" : null);
            opened.add(writer.write(offset, rows.read(FramedAvro.value(flow), 5), HOUR));
        }
        opened.add(writer.write(6, flow(6, null), HOUR));
        OptionalLong committed = writer.roll(8);

        assertThat(opened).containsExactly(true, false, false, true, false, false, true);
        assertThat(committed).as("the position, past a commit marker at 7").hasValue(8);
        assertThat(writer.roll(8)).as("nothing new to commit").isEmpty();
        Path hour = lake.resolve(LakeLayout.relativeDirectory(LakeTable.VPC_FLOW_LOGS, HOUR));
        try (Stream<Path> files = Files.list(hour)) {
            assertThat(files.map(file -> file.getFileName().toString()).sorted()).containsExactly(
                    "flowsight.raw.vpcflow+0+0.zstd.parquet",
                    "flowsight.raw.vpcflow+0+3.zstd.parquet",
                    "flowsight.raw.vpcflow+0+6.zstd.parquet");
        }
        assertThat(columns(hour.resolve("flowsight.raw.vpcflow+0+0.zstd.parquet"))).isEqualTo(15);
        assertThat(columns(hour.resolve("flowsight.raw.vpcflow+0+3.zstd.parquet"))).isEqualTo(16);
        assertThat(columns(hour.resolve("flowsight.raw.vpcflow+0+6.zstd.parquet")))
                .isEqualTo(VpcFlowLog.getClassSchema().getFields().size());
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement();
             ResultSet read = sql.executeQuery("SELECT srcport, vpc_id FROM read_parquet('" + hour
                     + "/*.parquet', union_by_name = true) ORDER BY srcport")) {
            List<String> values = new ArrayList<>();
            while (read.next()) {
                values.add(read.getInt(1) + ":" + read.getString(2));
            }
            assertThat(values).containsExactly("40000:null", "40001:null", "40002:null", "40003:vpc-0a1b",
                    "40004:null", "40005:null", "40006:null");
        }
    }

    private static VpcFlowLog flow(int i, String vpcId) {
        return VpcFlowLog.newBuilder().setVersion(2).setAccountId("123456789010").setInterfaceId("eni-1")
                .setSrcaddr("10.0.0." + i).setDstaddr("172.31.0.1").setSrcport(40000 + i).setDstport(443)
                .setProtocol(6L).setPackets(1L).setBytes(100L).setStart(HOUR.getEpochSecond())
                .setEnd(HOUR.getEpochSecond() + 60).setAction("ACCEPT").setLogStatus("OK").setVpcId(vpcId)
                .setEventTime(HOUR).build();
    }


    private static int columns(Path file) throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement();
             ResultSet count = sql.executeQuery("SELECT count(*) FROM (DESCRIBE SELECT * FROM read_parquet('"
                     + file + "', hive_partitioning = false))")) {
            count.next();
            return count.getInt(1);
        }
    }
}
