package io.flowsight.app.cli;

import io.flowsight.schemas.Heartbeat;
import io.flowsight.schemas.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code flowsight heartbeat}: tells the topology that no event older than a time will follow, on every partition
 * of the raw topics, so that the windows before it (minus grace) close and their final results are written.
 */
@Command(name = "heartbeat",
        description = "Send a heartbeat (watermark) to every partition of the raw topics: the topology treats it as "
                + "'no event older than --at follows' and closes every window that ends at least the grace period "
                + "before it. Use it after loading a finite set of logs; a time far ahead makes later records late.")
public final class HeartbeatCommand implements Callable<Integer> {

    @Mixin
    KafkaConnectionOptions connection;

    @Option(names = "--at", paramLabel = "INSTANT", description = "The watermark, ISO-8601 (default: now), "
            + "e.g. 2026-11-22T10:00:00Z.")
    Instant at;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> given = connection.settings();
        String prefix = KafkaConnectionOptions.topicPrefix(given);
        Map<String, Object> settings = KafkaConnectionOptions.clientSettings(given);
        Instant watermark = at == null ? Instant.now() : at;
        List<String> topics = List.of(Topic.RAW_VPCFLOW.topicName(prefix), Topic.RAW_ALB.topicName(prefix),
                Topic.RAW_CLOUDTRAIL.topicName(prefix));
        int sent = 0;
        try (Admin admin = Admin.create(settings);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(withAcksAll(settings),
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
        spec.commandLine().getOut().println("Heartbeat at " + watermark + " sent to " + sent + " partitions of "
                + String.join(", ", topics) + ".");
        return 0;
    }

    private static Map<String, Object> withAcksAll(Map<String, Object> settings) {
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        return settings;
    }
}
