package io.flowsight.ingest.kafka;

import io.flowsight.ingest.source.InflationLimit;
import io.flowsight.schemas.Topic;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestConfigTest {
    static final Map<String, Object> REQUIRED = Map.of(
            IngestConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092",
            IngestConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://127.0.0.1:8081");

    @Test
    void defaults() {
        IngestConfig config = new IngestConfig(REQUIRED);
        assertThat(config.topicPrefix()).isEqualTo("flowsight.");
        assertThat(config.topicName(Topic.RAW_VPCFLOW)).isEqualTo("flowsight.raw.vpcflow");
        assertThat(config.positionsTopic()).isEqualTo("flowsight.ingest.positions");
        assertThat(config.topicPartitions()).isEqualTo(3);
        assertThat(config.topicReplication()).isEqualTo((short) -1);
        assertThat(config.transactionalId()).isEqualTo("flowsight-ingest");
        assertThat(config.transactionMaxRecords()).isEqualTo(10_000);
        assertThat(config.transactionMaxTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.maxLineBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(config.maxDocumentBytes()).isEqualTo(256 * 1024 * 1024);
        assertThat(config.inflationLimit()).isEqualTo(new InflationLimit(100, 64L * 1024 * 1024));
    }

    @Test
    void explicitValuesAndClientPassThrough() {
        Map<String, Object> props = new java.util.HashMap<>(REQUIRED);
        props.put(IngestConfig.TOPIC_PREFIX_CONFIG, "prod.");
        props.put(IngestConfig.TOPIC_PARTITIONS_CONFIG, "12");
        props.put(IngestConfig.TOPIC_REPLICATION_CONFIG, "3");
        props.put(IngestConfig.TRANSACTIONAL_ID_CONFIG, "ingest-a");
        props.put(IngestConfig.TRANSACTION_MAX_RECORDS_CONFIG, "500");
        props.put(IngestConfig.TRANSACTION_MAX_MS_CONFIG, "250");
        props.put(IngestConfig.MAX_LINE_BYTES_CONFIG, "65536");
        props.put(IngestConfig.MAX_DOCUMENT_BYTES_CONFIG, "1048576");
        props.put(IngestConfig.MAX_INFLATION_RATIO_CONFIG, "500");
        props.put("security.protocol", "SASL_SSL");
        IngestConfig config = new IngestConfig(props);
        assertThat(config.positionsTopic()).isEqualTo("prod.ingest.positions");
        assertThat(config.topicPartitions()).isEqualTo(12);
        assertThat(config.topicReplication()).isEqualTo((short) 3);
        assertThat(config.transactionalId()).isEqualTo("ingest-a");
        assertThat(config.transactionMaxRecords()).isEqualTo(500);
        assertThat(config.transactionMaxTime()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.maxLineBytes()).isEqualTo(65536);
        assertThat(config.maxDocumentBytes()).isEqualTo(1048576);
        assertThat(config.inflationLimit().maxRatio()).isEqualTo(500);
        assertThat(config.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .doesNotContainKey(IngestConfig.TOPIC_PREFIX_CONFIG)
                .doesNotContainKey(IngestConfig.MAX_LINE_BYTES_CONFIG);
    }

    @Test
    void missingOrBadSettingsAreNamed() {
        assertThatThrownBy(() -> new IngestConfig(Map.of(IngestConfig.BOOTSTRAP_SERVERS_CONFIG, "x:1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        Map<String, Object> props = new java.util.HashMap<>(REQUIRED);
        props.put(IngestConfig.TOPIC_PARTITIONS_CONFIG, "0");
        assertThatThrownBy(() -> new IngestConfig(props)).hasMessageContaining("flowsight.topic.partitions");
        props.put(IngestConfig.TOPIC_PARTITIONS_CONFIG, "1");
        props.put(IngestConfig.MAX_LINE_BYTES_CONFIG, "10");
        assertThatThrownBy(() -> new IngestConfig(props)).hasMessageContaining("flowsight.ingest.max.line.bytes");
    }
}
