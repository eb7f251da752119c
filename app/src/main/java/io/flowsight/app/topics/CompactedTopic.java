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
 * One of FlowSight's compacted topics (published rules, silences, the blocklist) as people edit it: created when
 * missing, read to its end as a map by key (the latest value wins, a tombstone removes), and written with
 * acknowledgement from every replica.
 *
 * <p>The clients are made at first use and kept until {@link #close}: the HTTP API reads these topics on every request,
 * and catching up from the last read costs a fetch where a new consumer costs a connection and a read from the start
 * (about 150 ms each). Each read still goes to the end offsets it finds, so it sees every write acknowledged before.
 */
public final class CompactedTopic implements AutoCloseable {
    private static final Duration METADATA_WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Map<String, Object> settings;
    private final String name;
    private final Map<String, SpecificRecord> latest = new TreeMap<>();
    private KafkaConsumer<String, byte[]> consumer;
    private SpecificAvroDeserializer<SpecificRecord> deserializer;
    private KafkaProducer<String, byte[]> producer;
    private SpecificAvroSerializer<SpecificRecord> serializer;

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
    public synchronized <T extends SpecificRecord> void write(Map<String, T> values) {
        if (producer == null) {
            Map<String, Object> producerSettings = new HashMap<>(settings);
            producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
            serializer = new SpecificAvroSerializer<>();
            serializer.configure(producerSettings, false);
            producer = new KafkaProducer<>(producerSettings, new StringSerializer(), new ByteArraySerializer());
        }
        values.forEach((key, value) -> producer.send(new ProducerRecord<>(name, key,
                value == null ? null : serializer.serialize(name, value))));
        producer.flush();
    }

    /** The latest value of every key, in key order, removed keys left out. */
    @SuppressWarnings("unchecked")
    public synchronized <T extends SpecificRecord> Map<String, T> read() {
        if (consumer == null) {
            Map<String, Object> consumerSettings = new HashMap<>(settings);
            consumerSettings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            deserializer = new SpecificAvroDeserializer<>();
            deserializer.configure(consumerSettings, false);
            consumer = new KafkaConsumer<>(consumerSettings, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(name, METADATA_WAIT).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (record.value() == null) {
                    latest.remove(record.key());
                } else {
                    latest.put(record.key(), deserializer.deserialize(name, record.value()));
                }
            }
        }
        return new TreeMap<>((Map<String, T>) (Map<String, ?>) latest);
    }

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.close();
            deserializer.close();
        }
        if (producer != null) {
            producer.close();
            serializer.close();
        }
    }
}
