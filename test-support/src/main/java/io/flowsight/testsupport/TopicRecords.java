package io.flowsight.testsupport;

import io.flowsight.schemas.serde.AvroSerdeConfig;
import io.flowsight.schemas.serde.SpecificAvroDeserializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Reads FlowSight's Avro topics the way downstream consumers do (isolation.level=read_committed, the Confluent
 * wire format), for tests that check what landed in Kafka.
 */
public final class TopicRecords {
    private TopicRecords() {
    }

    /** A consumer of {@code topic} from its beginning, in a fresh group; the caller closes it. */
    public static <T extends SpecificRecord> KafkaConsumer<String, T> committedConsumer(KafkaCluster kafka,
            SchemaRegistryUrl registry, String topic, Class<T> type) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
        SpecificAvroDeserializer<T> values = new SpecificAvroDeserializer<>(null, type);
        values.configure(properties, false);
        KafkaConsumer<String, T> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), values);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /**
     * Every committed record of {@code topic}: polls until at least {@code expected} arrived and then a second
     * more (so extra records, duplicates included, are seen too), or until {@code timeout}.
     */
    public static <T extends SpecificRecord> List<ConsumerRecord<String, T>> readCommitted(KafkaCluster kafka,
            SchemaRegistryUrl registry, String topic, Class<T> type, int expected, Duration timeout) {
        return readCommitted(kafka, registry, topic, type, record -> true, expected, timeout);
    }

    /** As {@link #readCommitted(KafkaCluster, SchemaRegistryUrl, String, Class, int, Duration)}, counting and keeping only the records {@code which} accepts. */
    public static <T extends SpecificRecord> List<ConsumerRecord<String, T>> readCommitted(KafkaCluster kafka,
            SchemaRegistryUrl registry, String topic, Class<T> type, Predicate<ConsumerRecord<String, T>> which,
            int expected, Duration timeout) {
        List<ConsumerRecord<String, T>> records = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = committedConsumer(kafka, registry, topic, type)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            int idlePolls = 0;
            while (System.nanoTime() < deadline && (records.size() < expected || idlePolls < 5)) {
                int before = records.size();
                for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(200))) {
                    if (which.test(record)) {
                        records.add(record);
                    }
                }
                idlePolls = records.size() == before ? idlePolls + 1 : 0;
            }
        }
        return records;
    }
}
