package io.flowsight.topology;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Kafka Streams' properties as FlowSight sets them: its defaults, which the user's settings override. */
class FlowSightStreamsTest {

    @Test
    void defaultsAreExactlyOnceLargeCompressedProducerBatchesSharedStoreMemoryAndAMinuteForATransaction() {
        Properties properties = FlowSightStreams.streamsProperties(Map.of());
        assertThat(properties).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry("producer.batch.size", 262_144).containsEntry("producer.compression.type", "lz4")
                .containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName())
                .containsEntry("producer.transaction.timeout.ms", 60_000);
    }

    @Test
    void theUsersSettingsWin() {
        Properties properties = FlowSightStreams.streamsProperties(Map.of("producer.compression.type", "zstd",
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE));
        assertThat(properties).containsEntry("producer.compression.type", "zstd")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    }
}
