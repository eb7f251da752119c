package io.flowsight.app.topics;

import io.flowsight.schemas.ClientSettings;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.TopicCreation;
import io.flowsight.schemas.serde.SpecificAvroDeserializer;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One of FlowSight's compacted topics (published rules, silences) as a command edits it: created when missing, read
 * to its end as a map by key (the latest value wins, a tombstone removes), and written with acknowledgement from every
 * replica.
 */
public final class CompactedTopic {
    private final Map<String, Object> settings;
    private final String name;

    private CompactedTopic(Map<String, Object> settings, String name) {
        this.settings = settings;
        this.name = name;
    }

    /** {@code topic} under the prefix the settings give, created (one partition) when missing. */
    public static CompactedTopic open(Map<String, Object> given, Topic topic) throws Exception {
        String prefix = Topic.prefixIn(given);
        Map<String, Object> settings = ClientSettings.of(given);
        try (Admin admin = Admin.create(settings)) {
            TopicCreation.ensure(admin, prefix, EnumSet.of(topic), 1, Optional.empty(), List.of());
        }
        return new CompactedTopic(settings, topic.topicName(prefix));
    }

    public String name() {
        return name;
    }

    /** Each key's value; a null value is a tombstone. */
    public <T extends SpecificRecord> void write(Map<String, T> values) {
        Map<String, Object> producerSettings = new HashMap<>(settings);
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        try (SpecificAvroSerializer<T> serializer = new SpecificAvroSerializer<>();
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings, new StringSerializer(),
                     new ByteArraySerializer())) {
            serializer.configure(producerSettings, false);
            values.forEach((key, value) -> producer.send(new ProducerRecord<>(name, key,
                    value == null ? null : serializer.serialize(name, value))));
            producer.flush();
        }
    }

    /** The latest value of every key, in key order, removed keys left out. */
    public <T extends SpecificRecord> Map<String, T> read() {
        Map<String, Object> consumerSettings = new HashMap<>(settings);
        consumerSettings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, T> latest = new TreeMap<>();
        try (SpecificAvroDeserializer<T> deserializer = new SpecificAvroDeserializer<>();
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerSettings, new StringDeserializer(),
                     new ByteArrayDeserializer())) {
            deserializer.configure(consumerSettings, false);
            List<TopicPartition> partitions = consumer.partitionsFor(name, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        latest.put(record.key(), deserializer.deserialize(name, record.value()));
                    }
                }
            }
        }
        return latest;
    }
}
