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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TopologyDescription;

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
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flowsight streams} applications as the kill and scale-out tests run them: each under its own topic prefix
 * with the same input (half an hour of flows with a port scan and SSH brute force), started as processes of the
 * packaged command, watched through their consumer group, and compared by everything they wrote.
 */
final class StreamsApplications {
    static final int FLOWS = 150_000;
    static final Instant START = Instant.parse("2026-11-22T08:00:00Z");
    static final Duration SPAN = Duration.ofMinutes(30);
    static final String SCANNER = "198.51.100.23";
    static final String BRUTE_FORCE = "203.0.113.45";

    private final KafkaCluster kafka;
    private final SchemaRegistryUrl registry;
    private final Path work;

    StreamsApplications(KafkaCluster kafka, SchemaRegistryUrl registry, Path work) {
        this.kafka = kafka;
        this.registry = registry;
        this.work = work;
    }

    /**
     * Creates the topics of {@code prefix}, writes the flows, and returns the application's config file, with
     * {@code settings} ({@code key=value}) added.
     */
    Path prepare(String prefix, int partitions, String... settings) throws Exception {
        try (Admin admin = admin()) {
            TopicCreation.ensure(admin, prefix, EnumSet.allOf(Topic.class), partitions, Optional.of((short) 1),
                    List.of());
        }
        produce(prefix + "raw.vpcflow");
        return Files.writeString(work.resolve(prefix + "properties"), "bootstrap.servers=" + kafka.bootstrapServers()
                + "\nschema.registry.url=" + registry.url() + "\nflowsight.topic.prefix=" + prefix
                + "\nflowsight.topic.partitions=" + partitions + "\nflowsight.topology.windows=1m,1h\n"
                + String.join("\n", settings) + "\n");
    }

    /** Closes every window the flows cover (the flowsight heartbeat command). */
    void heartbeat(Path config, String prefix) throws Exception {
        Process heartbeat = flowsight(prefix + "heartbeat", "heartbeat", "--config", config.toString(), "--at",
                "2026-11-22T10:00:00Z");
        assertThat(heartbeat.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(heartbeat.exitValue()).as(log(prefix + "heartbeat")).isZero();
    }

    /**
     * Half an hour of flows among 2,000 hosts and 300 servers, plus a port scan ({@link #SCANNER}, 300 ports at
     * 08:20) and SSH brute force ({@link #BRUTE_FORCE}, 150 attempts at 08:25), in event-time order.
     */
    private void produce(String topic) {
        // Not idempotent: a new topic's leader may still be moving when the first batches go out, and an
        // idempotent producer then stalls on out-of-order sequence numbers; one request in flight keeps the order.
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(), ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1, ProducerConfig.ACKS_CONFIG, "all");
        SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
        values.configure(config, false);
        Random random = new Random(42);
        long scanFrom = START.plusSeconds(1200).toEpochMilli();
        long bruteForceFrom = START.plusSeconds(1500).toEpochMilli();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < FLOWS; i++) {
                long time = START.toEpochMilli() + i * SPAN.toMillis() / FLOWS;
                String src = "10.0." + random.nextInt(8) + "." + random.nextInt(250);
                String dst = "172.31." + random.nextInt(2) + "." + random.nextInt(150);
                int port = 443;
                String action = random.nextInt(40) == 0 ? "REJECT" : "ACCEPT";
                if (time >= scanFrom && time < scanFrom + 60_000 && i % 10 == 0) {
                    src = SCANNER;
                    port = 1 + (i / 10) % 300;
                    action = "REJECT";
                } else if (time >= bruteForceFrom && time < bruteForceFrom + 60_000 && i % 20 == 0) {
                    src = BRUTE_FORCE;
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

    /** {@code flowsight streams} for the application of {@code prefix}, instance {@code name}. */
    Process streams(Path config, String prefix, String name, String... more) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("streams", "--config", config.toString(), "--state-dir",
                work.resolve(prefix + name + ".state").toString(), "--application-id", prefix + "streams"));
        arguments.addAll(List.of(more));
        return flowsight(prefix + name, arguments.toArray(String[]::new));
    }

    private Process flowsight(String logName, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of("..", "bin", "flowsight").toAbsolutePath().normalize().toString());
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(logName + ".log").toFile())).start();
    }

    /** The last lines a process wrote, for failure messages. */
    String log(String logName) throws Exception {
        Path file = work.resolve(logName + ".log");
        if (!Files.exists(file)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    static void stop(Process streams) throws Exception {
        streams.destroy();
        assertThat(streams.waitFor(60, TimeUnit.SECONDS)).as("stops cleanly on SIGTERM").isTrue();
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    /** Flows of the raw topic whose processing the application has committed. */
    static long committedOnRawTopic(Admin admin, String prefix) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(prefix + "streams")
                .partitionsToOffsetAndMetadata().get();
        return committed.entrySet().stream().filter(e -> e.getKey().topic().equals(prefix + "raw.vpcflow"))
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** Waits until the application has committed the end of every topic it reads, its repartition topics included. */
    void awaitCaughtUp(Admin admin, String prefix, int partitions, Map<String, Process> instances) throws Exception {
        Set<String> sources = sourceTopics(prefix, partitions);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        List<String> behind = ConsumerGroupProgress.behind(admin, prefix + "streams", sources);
        while (!behind.isEmpty()) {
            for (Map.Entry<String, Process> instance : instances.entrySet()) {
                assertThat(instance.getValue().isAlive()).as("%s stopped early; its log:%n%s", instance.getKey(),
                        log(prefix + instance.getKey())).isTrue();
            }
            assertThat(System.nanoTime()).as("still behind on %s after 300 s", behind).isLessThan(deadline);
            Thread.sleep(250);
            behind = ConsumerGroupProgress.behind(admin, prefix + "streams", sources);
        }
    }

    private Set<String> sourceTopics(String prefix, int partitions) {
        TopologyConfig config = new TopologyConfig(Map.of(TopologyConfig.TOPIC_PREFIX_CONFIG, prefix,
                TopologyConfig.PARTITIONS_CONFIG, partitions, TopologyConfig.WINDOWS_CONFIG, "1m,1h"));
        TopologySerdes serdes = new TopologySerdes(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()));
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
     * Every output record of the application, as text without its prefix (sketch lists as {@link #topTalkersText}),
     * sorted; duplicates kept. Reads each topic until it holds at least as many records as {@code like} has of it
     * (one when empty) and then a second more.
     */
    List<String> outputs(String prefix, List<String> like) {
        List<String> all = new ArrayList<>();
        all.addAll(read(prefix, "agg.rejected", RejectedCount.class, Object::toString, like));
        all.addAll(read(prefix, "agg.top-talkers", TopTalkers.class, StreamsApplications::topTalkersText, like));
        all.addAll(read(prefix, "agg.anomalies", AnomalyWindow.class, Object::toString, like));
        all.addAll(read(prefix, "alerts", SuspiciousIpAlert.class,
                alert -> alert.getIp() + " " + alert.getDetector() + " " + alert.getWindowStart(), like));
        all.sort(null);
        return all;
    }

    /**
     * A top-N list as text: an exact list in full; a sketch list by its window, dimension and length only. A
     * frequent-items sketch restored from its changelog after a crash, or merged from another number of instances,
     * purges its counters in another order, so its estimates may differ within their published bounds.
     */
    static String topTalkersText(TopTalkers list) {
        return "sketch".equals(list.getMode()) ? list.getWindowStart() + " " + list.getDimension() + " sketch of "
                + list.getEntries().size() + " entries" : list.toString();
    }

    private <T extends SpecificRecord> List<String> read(String prefix, String topic, Class<T> type,
                                                         Function<T, String> text, List<String> like) {
        int expected = (int) Math.max(1, like.stream().filter(line -> line.startsWith(topic + " ")).count());
        List<String> lines = new ArrayList<>();
        for (ConsumerRecord<String, T> record : TopicRecords.readCommitted(kafka, registry, prefix + topic, type,
                expected, Duration.ofSeconds(30))) {
            lines.add(topic + " " + record.key() + " " + text.apply(record.value()));
        }
        return lines;
    }

    /** The reference outputs must hold the planted attacks' alerts, or the comparison proves little. */
    static void assertAttacksAlerted(List<String> outputs) {
        assertThat(outputs).as("port scan and brute force alerts")
                .anyMatch(line -> line.startsWith("alerts " + SCANNER + " " + SCANNER + " port_scan"))
                .anyMatch(line -> line.startsWith("alerts " + BRUTE_FORCE + " " + BRUTE_FORCE + " brute_force"));
    }
}
