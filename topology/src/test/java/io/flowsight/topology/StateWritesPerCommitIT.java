package io.flowsight.topology;

import io.flowsight.schemas.Topic;
import io.flowsight.schemas.TopicCreation;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.schemas.serde.AvroSerdeConfig;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * State is touched once per key per commit, not once per record: a thousand flows of one source to one destination,
 * processed between two commits on a real broker, leave one changelog record per store, and the destination's
 * partial sum waits for its minute to pass instead of crossing the shuffle flow by flow.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class StateWritesPerCommitIT {
    static final int FLOWS = 1_000;
    static final Instant START = Instant.parse("2026-11-22T08:00:00Z");

    @TempDir
    Path stateDirectory;

    @Test
    void aKeyThatEveryRecordTouchesIsWrittenOncePerCommit(KafkaCluster kafka, SchemaRegistryUrl registry)
            throws Exception {
        String prefix = "writes-" + UUID.randomUUID() + ".";
        String application = prefix + "app";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicCreation.ensure(admin, prefix, EnumSet.allOf(Topic.class), 1, Optional.of((short) 1), List.of());
        }
        produce(kafka, registry, prefix + "raw.vpcflow");

        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, application);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
        settings.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        // One commit, when the application closes: every flow is processed between two commits.
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Duration.ofMinutes(5).toMillis());
        settings.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
        settings.put(TopologyConfig.TOPIC_PREFIX_CONFIG, prefix);
        settings.put(TopologyConfig.PARTITIONS_CONFIG, 1);
        settings.put(TopologyConfig.WINDOWS_CONFIG, "1m");
        // Exact mode: every tally, the per-pair one and the destinations' shuffle included, is a state store.
        settings.put(TopologyConfig.TOP_MODE_CONFIG, "exact");
        try (FlowSightStreams streams = new FlowSightStreams(settings)) {
            streams.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (processed(streams) < FLOWS) {
                assertThat(System.nanoTime()).as("%s flows processed within 90 s", processed(streams))
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
        }

        assertThat(values(kafka, application + "-tally-vpc_src-1m-changelog")).as("per-source tally").isEqualTo(1);
        assertThat(values(kafka, application + "-tally-vpc_pair-1m-changelog")).as("per-pair tally").isEqualTo(1);
        assertThat(values(kafka, application + "-pending-vpc_dst-changelog")).as("the destination's partial sum")
                .isEqualTo(1);
        assertThat(values(kafka, application + "-vpc_dst-repartition")).as("sums sent before their minute ends")
                .isZero();
    }

    /** Records processed by the application's stream threads. */
    private static double processed(FlowSightStreams streams) {
        double total = 0;
        for (Map.Entry<org.apache.kafka.common.MetricName, ? extends Metric> metric : streams.streams().metrics()
                .entrySet()) {
            if (metric.getKey().name().equals("process-total")
                    && metric.getKey().group().equals("stream-thread-metrics")) {
                total += ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        return total;
    }

    /** Committed records with a value (not tombstones, not watermarks) on every partition of {@code topic}. */
    private static int values(KafkaCluster kafka, String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "count-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return (int) records.stream().filter(record -> record.value() != null).count();
    }

    /** A thousand flows from 10.0.0.1 to 172.31.0.1 within the minute from 08:00. */
    private static void produce(KafkaCluster kafka, SchemaRegistryUrl registry, String topic) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(), ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                false, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
        values.configure(config, false);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < FLOWS; i++) {
                long time = START.toEpochMilli() + i * 59L;
                VpcFlowLog flow = VpcFlowLog.newBuilder().setVersion(2).setAccountId("123456789010")
                        .setInterfaceId("eni-1").setSrcaddr("10.0.0.1").setDstaddr("172.31.0.1")
                        .setSrcport(40_000 + i).setDstport(443).setProtocol(6L).setPackets(2L).setBytes(100L)
                        .setStart(time / 1000).setEnd(time / 1000 + 60).setAction("ACCEPT").setLogStatus("OK")
                        .setEventTime(Instant.ofEpochMilli(time)).build();
                producer.send(new ProducerRecord<>(topic, null, time,
                        flow.getSrcaddr().getBytes(StandardCharsets.UTF_8), values.serialize(topic, flow)));
            }
            producer.flush();
        }
    }
}
