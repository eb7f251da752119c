package io.flowsight.ingest.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowsight.ingest.source.SourcePosition;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Source positions kept in a compacted Kafka topic, written by the ingester's transactional producer together
 * with the records they cover (the technique of Kafka Connect's exactly-once sources, KIP-618): after a crash,
 * the last committed position and the last committed record agree, so resuming neither loses nor repeats.
 */
public final class SourcePositionStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;

    public SourcePositionStore(String topic) {
        this.topic = topic;
    }

    /** Reads every committed position (isolation read_committed), last one per source wins. */
    public Map<String, SourcePosition> load(Map<String, Object> clientProperties) {
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<String, SourcePosition> positions = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
            while (consumer.position(partition, Duration.ofSeconds(30)) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String sourceId = new String(record.key(), StandardCharsets.UTF_8);
                    if (record.value() == null) {
                        positions.remove(sourceId);
                    } else {
                        positions.put(sourceId, decode(sourceId, record.value()));
                    }
                }
            }
        }
        return positions;
    }

    /** The record that stores {@code position}; send it inside the transaction of the records it covers. */
    public ProducerRecord<byte[], byte[]> record(SourcePosition position) {
        ObjectNode value = JSON.createObjectNode()
                .put("name", position.name())
                .put("offset", position.offset())
                .put("line", position.line())
                .put("complete", position.complete())
                .put("fingerprint", position.fingerprint())
                .put("fingerprint_length", position.fingerprintLength());
        if (position.vpcFormat() != null) {
            value.put("vpc_format", position.vpcFormat());
        }
        return new ProducerRecord<>(topic, position.sourceId().getBytes(StandardCharsets.UTF_8),
                value.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static SourcePosition decode(String sourceId, byte[] value) {
        try {
            JsonNode json = JSON.readTree(value);
            return new SourcePosition(sourceId, json.path("name").asText(sourceId), json.path("offset").asLong(),
                    json.path("line").asLong(), json.path("complete").asBoolean(), json.path("vpc_format").asText(null),
                    json.path("fingerprint").asLong(), json.path("fingerprint_length").asInt());
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable position for " + sourceId + " in the positions topic", e);
        }
    }
}
