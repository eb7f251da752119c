package io.flowsight.app;

import io.flowsight.schemas.AnomalyWindow;
import io.flowsight.schemas.RejectedCount;
import io.flowsight.schemas.SuspiciousIpAlert;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.TopicCreation;
import io.flowsight.schemas.TopTalkers;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.schemas.serde.AvroSerdeConfig;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import io.flowsight.testsupport.ConsumerGroupProgress;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.flowsight.testsupport.TopicRecords;
import io.flowsight.topology.FlowSightTopology;
import io.flowsight.topology.TopologyConfig;
import io.flowsight.topology.TopologySerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flowsight streams} killed with SIGKILL again and again while its windows are open (tallies changed in heap
 * since the last commit, partial sums waiting for the shuffle), then run to the end: every aggregate and alert is
 * there exactly once, the same as a run of the same input that was never killed.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class StreamsKillIT {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsKillIT.class);
    static final int FLOWS = 150_000;
    static final int KILLS = 4;
    static final Instant START = Instant.parse("2026-11-22T08:00:00Z");
    static final Duration SPAN = Duration.ofMinutes(30);

    @TempDir
    Path work;

    @Test
    void everyAggregateAndAlertExactlyOnceAfterRepeatedKills(KafkaCluster kafka, SchemaRegistryUrl registry)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String killedPrefix = "kill-" + run + ".";
        String referencePrefix = "ref-" + run + ".";
        Path killed = prepare(kafka, registry, killedPrefix);
        Path reference = prepare(kafka, registry, referencePrefix);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Process untouched = streams(reference, referencePrefix);
            awaitCaughtUp(admin, referencePrefix, untouched);
            stop(untouched);

            Random random = new Random(20261206);
            for (int kill = 1; kill <= KILLS; kill++) {
                Process streams = streams(killed, killedPrefix);
                long before = committedOnRawTopic(admin, killedPrefix);
                awaitProgressBeyond(admin, killedPrefix, before, streams);
                long delay = 100 + random.nextInt(900);
                Thread.sleep(delay);
                assertThat(streams.isAlive()).as("still processing when killed").isTrue();
                streams.destroyForcibly();
                assertThat(streams.waitFor(30, TimeUnit.SECONDS)).isTrue();
                LOG.info("kill {}: {} ms after progress, {} of {} flows committed", kill, delay,
                        committedOnRawTopic(admin, killedPrefix), FLOWS);
            }
            assertThat(committedOnRawTopic(admin, killedPrefix)).as("the kills came before the end").isLessThan(FLOWS);
            Process last = streams(killed, killedPrefix);
            awaitCaughtUp(admin, killedPrefix, last);
            stop(last);
        }

        List<String> expected = outputs(kafka, registry, referencePrefix, List.of());
        assertThat(expected).as("port scan and brute force alerts")
                .anyMatch(line -> line.startsWith("alerts 198.51.100.23 port_scan"))
                .anyMatch(line -> line.startsWith("alerts 203.0.113.45 brute_force"));
        assertThat(outputs(kafka, registry, killedPrefix, expected)).as("after %d kills", KILLS)
                .isEqualTo(expected);
    }

    /** Topics, the flows and the closing heartbeat of one application; its config file. */
    private Path prepare(KafkaCluster kafka, SchemaRegistryUrl registry, String prefix) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicCreation.ensure(admin, prefix, EnumSet.allOf(Topic.class), 2, Optional.of((short) 1), List.of());
        }
        produce(kafka, registry, prefix + "raw.vpcflow");
        Path config = Files.writeString(work.resolve(prefix + "properties"), "bootstrap.servers="
                + kafka.bootstrapServers() + "\nschema.registry.url=" + registry.url() + "\nflowsight.topic.prefix="
                + prefix + "\nflowsight.topic.partitions=2\nflowsight.topology.windows=1m,1h\n");
        Process heartbeat = flowsight(prefix + "heartbeat", "heartbeat", "--config", config.toString(), "--at",
                "2026-11-22T10:00:00Z");
        assertThat(heartbeat.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(heartbeat.exitValue()).as(log(prefix + "heartbeat")).isZero();
        return config;
    }

    /**
     * Half an hour of flows among 2,000 hosts and 300 servers, plus a port scan (198.51.100.23, 300 ports at 08:20)
     * and SSH brute force (203.0.113.45, 60 attempts at 08:25), in event-time order.
     */
    private static void produce(KafkaCluster kafka, SchemaRegistryUrl registry, String topic) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(), ProducerConfig.LINGER_MS_CONFIG, 20);
        SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
        values.configure(config, false);
        Random random = new Random(42);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < FLOWS; i++) {
                long time = START.toEpochMilli() + i * SPAN.toMillis() / FLOWS;
                String src = "10.0." + random.nextInt(8) + "." + random.nextInt(250);
                String dst = "172.31." + random.nextInt(2) + "." + random.nextInt(150);
                int port = 443;
                String action = random.nextInt(40) == 0 ? "REJECT" : "ACCEPT";
                if (time >= START.plusSeconds(1200).toEpochMilli() && time < START.plusSeconds(1260).toEpochMilli()
                        && i % 10 == 0) {
                    src = "198.51.100.23";
                    port = 1 + i % 300;
                    action = "REJECT";
                } else if (time >= START.plusSeconds(1500).toEpochMilli()
                        && time < START.plusSeconds(1560).toEpochMilli() && i % 20 == 0) {
                    src = "203.0.113.45";
                    port = 22;
                    action = "REJECT";
                }
                VpcFlowLog flow = VpcFlowLog.newBuilder().setVersion(2).setAccountId("123456789010")
                        .setInterfaceId("eni-" + (i % 7)).setSrcaddr(src).setDstaddr(dst).setSrcport(1024 + i % 60000)
                        .setDstport(port).setProtocol(6L).setPackets(1L + i % 30).setBytes(60L + (i * 37L) % 90_000)
                        .setStart(time / 1000).setEnd(time / 1000 + 60).setAction(action).setLogStatus("OK")
                        .setEventTime(Instant.ofEpochMilli(time)).build();
                producer.send(new ProducerRecord<>(topic, null, time, src, values.serialize(topic, flow)));
            }
            producer.flush();
        }
    }

    private Process streams(Path config, String prefix) throws Exception {
        return flowsight(prefix + "streams", "streams", "--config", config.toString(), "--state-dir",
                work.resolve(prefix + "state").toString(), "--application-id", prefix + "streams");
    }

    private Process flowsight(String logName, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of("..", "bin", "flowsight").toAbsolutePath().normalize().toString());
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(logName + ".log").toFile())).start();
    }

    private String log(String logName) throws Exception {
        List<String> lines = Files.readAllLines(work.resolve(logName + ".log"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static void stop(Process streams) throws Exception {
        streams.destroy();
        assertThat(streams.waitFor(60, TimeUnit.SECONDS)).as("stops cleanly on SIGTERM").isTrue();
    }

    /** Flows of the raw topic whose processing the application has committed. */
    private static long committedOnRawTopic(Admin admin, String prefix) throws Exception {
        Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> committed = admin
                .listConsumerGroupOffsets(prefix + "streams").partitionsToOffsetAndMetadata().get();
        return committed.entrySet().stream().filter(e -> e.getKey().topic().equals(prefix + "raw.vpcflow"))
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private void awaitProgressBeyond(Admin admin, String prefix, long before, Process streams) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (committedOnRawTopic(admin, prefix) <= before) {
            assertThat(streams.isAlive()).as(log(prefix + "streams")).isTrue();
            assertThat(System.nanoTime()).as("no progress within 120 s:%n%s", log(prefix + "streams"))
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private void awaitCaughtUp(Admin admin, String prefix, Process streams) throws Exception {
        Set<String> sources = sourceTopics(prefix);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        List<String> behind = ConsumerGroupProgress.behind(admin, prefix + "streams", sources);
        while (!behind.isEmpty()) {
            assertThat(streams.isAlive()).as(log(prefix + "streams")).isTrue();
            assertThat(System.nanoTime()).as("still behind on %s after 300 s", behind).isLessThan(deadline);
            Thread.sleep(250);
            behind = ConsumerGroupProgress.behind(admin, prefix + "streams", sources);
        }
    }

    /** Every topic the application reads, its repartition topics included. */
    private static Set<String> sourceTopics(String prefix) {
        TopologyConfig config = new TopologyConfig(Map.of(TopologyConfig.TOPIC_PREFIX_CONFIG, prefix,
                TopologyConfig.PARTITIONS_CONFIG, 2, TopologyConfig.WINDOWS_CONFIG, "1m,1h"));
        TopologySerdes serdes = new TopologySerdes(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://unused"));
        Set<String> topics = new TreeSet<>();
        for (TopologyDescription.Subtopology subtopology : FlowSightTopology.build(config, serdes).describe()
                .subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    for (String topic : source.topicSet()) {
                        topics.add(topic.endsWith("-repartition") ? prefix + "streams-" + topic : topic);
                    }
                }
            }
        }
        return topics;
    }

    /**
     * Every output record of the application, as text without its prefix, sorted; duplicates kept. Reads each topic
     * until it holds at least as many records as {@code like} has of it (one when empty) and then a second more.
     */
    private static List<String> outputs(KafkaCluster kafka, SchemaRegistryUrl registry, String prefix,
                                        List<String> like) {
        List<String> all = new ArrayList<>();
        all.addAll(read(kafka, registry, prefix, "agg.rejected", RejectedCount.class, Object::toString, like));
        all.addAll(read(kafka, registry, prefix, "agg.top-talkers", TopTalkers.class, Object::toString, like));
        all.addAll(read(kafka, registry, prefix, "agg.anomalies", AnomalyWindow.class, Object::toString, like));
        all.addAll(read(kafka, registry, prefix, "alerts", SuspiciousIpAlert.class,
                alert -> alert.getIp() + " " + alert.getDetector() + " " + alert.getWindowStart(), like));
        all.sort(null);
        return all;
    }

    private static <T extends SpecificRecord> List<String> read(KafkaCluster kafka, SchemaRegistryUrl registry,
            String prefix, String topic, Class<T> type, Function<T, String> text, List<String> like) {
        int expected = (int) Math.max(1, like.stream().filter(line -> line.startsWith(topic + " ")).count());
        List<String> lines = new ArrayList<>();
        for (ConsumerRecord<String, T> record : TopicRecords.readCommitted(kafka, registry, prefix + topic, type,
                expected, Duration.ofSeconds(30))) {
            lines.add(topic + " " + record.key() + " " + text.apply(record.value()));
        }
        return lines;
    }
}
