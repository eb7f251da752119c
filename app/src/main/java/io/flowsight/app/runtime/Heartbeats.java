package io.flowsight.app.runtime;

import io.flowsight.schemas.Heartbeat;
import io.flowsight.schemas.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a heartbeat (watermark) to every partition of the raw topics the topology reads, so that the windows
 * ending a grace period before it close: how a finite input gets its last windows final.
 */
public final class Heartbeats {
    private Heartbeats() {
    }

    /** The raw topics the topology reads, under {@code prefix}. */
    public static List<String> rawTopics(String prefix) {
        return List.of(Topic.RAW_VPCFLOW.topicName(prefix), Topic.RAW_ALB.topicName(prefix),
                Topic.RAW_CLOUDTRAIL.topicName(prefix));
    }

    /**
     * Sends a heartbeat at {@code watermark} to every partition of the raw topics and waits for the acknowledgements.
     *
     * @param clientSettings Kafka client settings (no {@code flowsight.*} keys)
     * @return the number of partitions that received one
     */
    public static int send(Map<String, Object> clientSettings, String prefix, Instant watermark)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Object> producerSettings = new HashMap<>(clientSettings);
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        List<String> topics = rawTopics(prefix);
        int sent = 0;
        try (Admin admin = Admin.create(clientSettings);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings,
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            for (String topic : topics) {
                int partitions = described.get(topic).partitions().size();
                for (var record : Heartbeat.forEveryPartition(topic, partitions, watermark)) {
                    producer.send(record).get(30, TimeUnit.SECONDS);
                    sent++;
                }
            }
        }
        return sent;
    }
}
