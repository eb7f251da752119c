package io.flowsight.topology;

import io.flowsight.schemas.Heartbeat;
import io.flowsight.topology.tally.RekeyProcessor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static io.flowsight.topology.TopologyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Windows after a repartition close on the slowest raw partition's watermark. The test driver runs one task per
 * sub-topology, so the second raw partition of a two-partition topology is played by writing its watermarks onto the
 * repartition topic, as its rekey task would.
 */
class RepartitionWatermarkTest {
    @TempDir
    Path registryData;
    TopologyFixture topology;
    TestInputTopic<String, byte[]> byDestinationPort;

    @BeforeEach
    void start() {
        topology = new TopologyFixture(registryData, Map.of(TopologyConfig.PARTITIONS_CONFIG, 2));
        byDestinationPort = topology.driver.createInputTopic("topology-test-vpc_dstport-repartition",
                Serdes.String().serializer(), Serdes.ByteArray().serializer());
    }

    @AfterEach
    void stop() {
        topology.close();
    }

    @Test
    void windowsStayOpenUntilEveryRawPartitionHasReported() {
        topology.flow("10.0.0.2", "172.31.0.1", 22, 100, "REJECT", "08:00:10");
        topology.flowHeartbeat("08:16:00");

        assertThat(dstportKeys()).as("raw partition 1 has not reported yet").isEmpty();
    }

    @Test
    void aRawPartitionWhoseFirstReportIsPastTheWindowsStillClosesThem() {
        // Partition 0's data and both its watermarks are in before partition 1 reports for the first time, already
        // past the end of the window plus grace: the window holds data and must close now, not be skipped.
        topology.flow("10.0.0.2", "172.31.0.1", 22, 100, "REJECT", "08:00:10");
        topology.flowHeartbeat("08:16:00");
        watermarkOfRawPartition(1, "08:16:00");

        assertThat(dstportKeys()).containsExactly("2026-11-22T08:00:00Z|PT1M|vpc_dstport|22");
    }

    @Test
    void windowsCloseOnTheSlowerPartition() {
        watermarkOfRawPartition(1, "08:00:00");
        topology.flow("10.0.0.2", "172.31.0.1", 22, 100, "REJECT", "08:00:10");
        topology.flowHeartbeat("08:16:00");
        assertThat(dstportKeys()).as("partition 1 is still at 08:00").isEmpty();

        watermarkOfRawPartition(1, "08:16:00");

        assertThat(dstportKeys()).containsExactly("2026-11-22T08:00:00Z|PT1M|vpc_dstport|22");
    }

    private void watermarkOfRawPartition(int partition, String time) {
        Instant watermark = at(time);
        var headers = Heartbeat.headers(watermark);
        headers.add(RekeyProcessor.PARTITION_HEADER, ByteBuffer.allocate(4).putInt(partition).array());
        byDestinationPort.pipeInput(new TestRecord<>(RekeyProcessor.HEARTBEAT_KEY, null, headers, watermark));
    }

    private java.util.List<String> dstportKeys() {
        return topology.rejected.readKeyValuesToList().stream().map(kv -> kv.key)
                .filter(key -> key.contains("|vpc_dstport|")).toList();
    }
}
