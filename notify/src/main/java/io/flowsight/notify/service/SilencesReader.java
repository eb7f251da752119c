package io.flowsight.notify.service;

import io.flowsight.schemas.Silence;
import io.flowsight.schemas.serde.SpecificAvroDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads the compacted silences topic from its start into {@link ActiveSilences}, then follows it, on its own thread.
 * No consumer group: every notify process needs every silence.
 */
final class SilencesReader implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SilencesReader.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final SpecificAvroDeserializer<Silence> values = new SpecificAvroDeserializer<>();
    private final String topic;
    private final ActiveSilences silences;
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final Thread thread;

    SilencesReader(Map<String, Object> clientSettings, String topic, ActiveSilences silences) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
        this.values.configure(settings, false);
        this.topic = topic;
        this.silences = silences;
        this.thread = new Thread(this, "flowsight-notify-silences");
        this.thread.setDaemon(true);
    }

    /** Starts reading and waits until the topic's current contents are loaded, so no silence is missed at start. */
    void start(Duration timeout) throws InterruptedException {
        thread.start();
        if (!loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("The silences topic " + topic + " could not be read within "
                    + timeout.toSeconds() + " s: check that Kafka is up.");
        }
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        silences.put(record.key(), record.value() == null ? null
                                : values.deserialize(topic, record.value()));
                    } catch (RuntimeException e) {
                        LOG.warn("Silence {} in {} cannot be read and is ignored: {}", record.key(), topic,
                                e.getMessage());
                    }
                }
                if (loaded.getCount() > 0 && ends.entrySet().stream()
                        .allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
                    loaded.countDown();
                }
            }
        } catch (WakeupException closing) {
            // close() asked the loop to end.
        } catch (RuntimeException e) {
            LOG.error("Reading the silences topic {} failed; silences added from now on are not seen", topic, e);
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        values.close();
    }
}
