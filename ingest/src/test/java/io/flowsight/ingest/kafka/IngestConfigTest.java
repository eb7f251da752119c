package io.flowsight.ingest.kafka;

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
        props.put("security.protocol", "SASL_SSL");
        IngestConfig config = new IngestConfig(props);
        assertThat(config.positionsTopic()).isEqualTo("prod.ingest.positions");
        assertThat(config.topicPartitions()).isEqualTo(12);
        assertThat(config.topicReplication()).isEqualTo((short) 3);
        assertThat(config.transactionalId()).isEqualTo("ingest-a");
        assertThat(config.transactionMaxRecords()).isEqualTo(500);
        assertThat(config.transactionMaxTime()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .doesNotContainKey(IngestConfig.TOPIC_PREFIX_CONFIG);
    }

    @Test
    void missingOrBadSettingsAreNamed() {
        assertThatThrownBy(() -> new IngestConfig(Map.of(IngestConfig.BOOTSTRAP_SERVERS_CONFIG, "x:1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        Map<String, Object> props = new java.util.HashMap<>(REQUIRED);
        props.put(IngestConfig.TOPIC_PARTITIONS_CONFIG, "0");
        assertThatThrownBy(() -> new IngestConfig(props)).hasMessageContaining("flowsight.topic.partitions");
    }
}
