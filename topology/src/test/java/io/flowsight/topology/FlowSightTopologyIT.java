package io.flowsight.topology;

import io.flowsight.schemas.DeadLetter;
import io.flowsight.schemas.Heartbeat;
import io.flowsight.schemas.RejectedCount;
import io.flowsight.schemas.SuspiciousIpAlert;
import io.flowsight.schemas.TopTalkers;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.schemas.serde.AvroSerdeConfig;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import io.flowsight.testsupport.TopicLeaders;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.flowsight.testsupport.TopicRecords;
import io.flowsight.topology.query.LiveQueries;
import io.flowsight.topology.rank.WindowTopN;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole topology on a real broker with the real serde and registry, exactly-once, two partitions per raw topic,
 * stopped mid-run and restarted from its changelogs alone: every window's top-N and rejected counts arrive once,
 * equal to what the input says, and the port scan hidden in the traffic is one alert.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class FlowSightTopologyIT {
    static final int FLOWS = 20_000;
    static final int SOURCES = 300;
    static final Instant START = Instant.parse("2026-11-22T08:00:00Z");
    static final String SCANNER = "198.51.100.66";

    @TempDir
    Path stateDirectory;

    /** Sketch mode too: its sketches are written behind, at commit, and must survive the restart all the same. */
    @ParameterizedTest
    @ValueSource(strings = {"exact", "sketch"})
    void aggregatesAreExactAndWrittenOnceAcrossARestart(String mode, KafkaCluster kafka, SchemaRegistryUrl registry)
            throws Exception {
        String prefix = "topology-" + UUID.randomUUID() + ".";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (Topic topic : Topic.values()) {
                topics.add(new NewTopic(topic.topicName(prefix), topic.name().startsWith("RAW") ? 2 : 1, (short) 1));
            }
            admin.createTopics(topics).all().get();
            TopicLeaders.await(admin, topics.stream().map(NewTopic::name).toList(), Duration.ofSeconds(30));
        }
        List<VpcFlowLog> flows = flows();
        produce(kafka, registry, prefix, flows.subList(0, FLOWS / 2), null);

        Map<String, Object> settings = settings(kafka, prefix, registry, mode);
        // Closed as flowsight streams closes it, leaving the group, so the restart need not wait out its session.
        try (FlowSightStreams streams = new FlowSightStreams(settings)) {
            streams.start();
            awaitCommitted(kafka, prefix + "app", new TopicPartition(prefix + "raw.vpcflow", 0), 1);
        }
        // A restart on another machine: no local state, everything comes back from the changelogs.
        org.apache.kafka.common.utils.Utils.delete(stateDirectory.toFile());

        produceGarbage(kafka, prefix + "raw.vpcflow");
        produce(kafka, registry, prefix, flows.subList(FLOWS / 2, FLOWS), Instant.parse("2026-11-22T08:30:00Z"));
        try (FlowSightStreams streams = new FlowSightStreams(settings)) {
            streams.start();
            List<ConsumerRecord<String, TopTalkers>> lists = TopicRecords.readCommitted(kafka, registry,
                    prefix + "agg.top-talkers", TopTalkers.class, 10 * 5, Duration.ofSeconds(90));
            List<ConsumerRecord<String, RejectedCount>> rejected = TopicRecords.readCommitted(kafka, registry,
                    prefix + "agg.rejected", RejectedCount.class, 1, Duration.ofSeconds(30));
            List<ConsumerRecord<String, SuspiciousIpAlert>> alerts = TopicRecords.readCommitted(kafka, registry,
                    prefix + "alerts", SuspiciousIpAlert.class, 1, Duration.ofSeconds(10));

            Map<String, String> bytesLists = new TreeMap<>();
            for (ConsumerRecord<String, TopTalkers> list : lists) {
                if (list.value().getDimension().equals("vpc_src_bytes")) {
                    assertThat(bytesLists).as("each window once").doesNotContainKey(list.key());
                    bytesLists.put(list.key(), render(list.value()));
                }
            }
            assertThat(bytesLists).isEqualTo(expectedTopSourcesByBytes(flows));
            assertThat(lists).as("5 dimensions x 10 minutes").hasSize(50);

            Map<String, Long> rejectedBySource = new TreeMap<>();
            for (ConsumerRecord<String, RejectedCount> count : rejected) {
                if (count.value().getDimension().equals("vpc_src")) {
                    assertThat(rejectedBySource.put(count.key(), count.value().getCount())).as(count.key()).isNull();
                }
            }
            assertThat(rejectedBySource).isEqualTo(expectedRejectedBySource(flows));

            assertThat(alerts).extracting(a -> a.value().getIp() + " " + a.value().getDetector())
                    .containsExactly(SCANNER + " port_scan");

            // The record no serde can read is a dead letter, once, and did not stop anything above.
            List<ConsumerRecord<String, DeadLetter>> letters = TopicRecords.readCommitted(kafka, registry,
                    prefix + "deadletter", DeadLetter.class, 1, Duration.ofSeconds(10));
            assertThat(letters).extracting(l -> l.value().getReason() + " " + l.value().getSource() + " "
                            + new String(l.value().getPayload().array(), StandardCharsets.UTF_8))
                    .containsExactly("deserialization_error kafka:" + prefix + "raw.vpcflow/1 not avro");

            // Interactive queries: a window still open, the final lists, the alerts, one address.
            LiveQueries live = streams.liveQueries();
            Instant open = Instant.parse("2026-11-22T08:31:00Z");
            produce(kafka, registry, prefix, List.of(
                    flow("10.9.0.1", 700, open.plusSeconds(1)), flow("10.9.0.2", 300, open.plusSeconds(2)),
                    flow("10.9.0.1", 50, open.plusSeconds(3))), null);
            // Interactive queries see what the stores hold after a commit, store by store: wait for both sources.
            List<WindowTopN> openLists = await(() -> live.openTopTalkers("vpc_src_bytes", Duration.ofMinutes(1)),
                    lists1 -> !lists1.isEmpty() && lists1.get(0).entries().size() == 2);
            assertThat(openLists).hasSize(1);
            assertThat(openLists.get(0).windowStart()).isEqualTo(open.toEpochMilli());
            assertThat(openLists.get(0).entries()).extracting(e -> e.key() + "=" + e.value())
                    .containsExactly("10.9.0.1=750", "10.9.0.2=300");

            List<WindowTopN> closed = live.closedTopTalkers("vpc_src_bytes", Duration.ofMinutes(1), 2);
            assertThat(closed).extracting(list -> Instant.ofEpochMilli(list.windowStart()).toString())
                    .containsExactly("2026-11-22T08:09:00Z", "2026-11-22T08:08:00Z");
            assertThat(closed.get(0).entries().stream().map(e -> e.key() + "=" + e.value())
                    .collect(Collectors.joining(" "))).isEqualTo(bytesLists.get("2026-11-22T08:09:00Z|PT1M|vpc_src_bytes"));
            assertThat(live.recentAlerts(10)).extracting(a -> a.ip() + " " + a.detector())
                    .containsExactly(SCANNER + " port_scan");
            LiveQueries.AddressReport report = live.address("10.9.0.1");
            assertThat(report.activity()).extracting(a -> a.tally() + " " + a.windowStart() + " "
                    + a.counters().get("bytes")).containsExactly("vpc_src 2026-11-22T08:31:00Z 750");
            assertThat(live.address(SCANNER).alerts()).hasSize(1);
            assertThat(live.holderOf("10.9.0.1")).hasValue(new org.apache.kafka.streams.state.HostInfo("127.0.0.1", 18080));
            assertThatThrownBy(() -> live.openTopTalkers("vpc_src_fame", Duration.ofMinutes(1)))
                    .hasMessageStartingWith("'vpc_src_fame' is not a top-N dimension; use one of ");
        }
    }

    private static VpcFlowLog flow(String src, long bytes, Instant time) {
        return VpcFlowLog.newBuilder().setVersion(2).setInterfaceId("eni-9").setSrcaddr(src).setDstaddr("10.2.0.1")
                .setSrcport(40000).setDstport(443).setProtocol(6L).setPackets(1L).setBytes(bytes).setAction("ACCEPT")
                .setStart(time.getEpochSecond()).setEnd(time.getEpochSecond() + 60).setEventTime(time).build();
    }

    private static <T> T await(java.util.function.Supplier<T> query, java.util.function.Predicate<T> ready)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        T answer = query.get();
        while (!ready.test(answer) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            answer = query.get();
        }
        return answer;
    }

    /** 10 minutes of flows from 300 sources with skewed volumes; a scanner sweeps 80 ports in minute 3. */
    static List<VpcFlowLog> flows() {
        Random random = new Random(42);
        List<VpcFlowLog> flows = new ArrayList<>(FLOWS);
        for (int i = 0; i < FLOWS; i++) {
            Instant time = START.plusMillis(i * 600_000L / FLOWS);
            int source = (int) Math.floor(Math.pow(random.nextDouble(), 3) * SOURCES);
            boolean scan = time.getEpochSecond() / 60 % 10 == 3 && i % 10 == 0;
            String src = scan ? SCANNER : "10.1." + source / 250 + "." + source % 250;
            int port = scan ? 1000 + (i / 10) % 80 : 443;
            flows.add(VpcFlowLog.newBuilder().setVersion(2).setInterfaceId("eni-" + source % 7).setSrcaddr(src)
                    .setDstaddr("10.2.0." + (scan ? 7 : random.nextInt(50))).setSrcport(30000 + random.nextInt(20000))
                    .setDstport(port).setProtocol(6L).setPackets(1L + random.nextInt(20))
                    .setBytes(40L + random.nextInt(100_000)).setAction(scan || random.nextInt(20) == 0 ? "REJECT" : "ACCEPT")
                    .setStart(time.getEpochSecond()).setEnd(time.getEpochSecond() + 60).setEventTime(time).build());
        }
        return flows;
    }

    static Map<String, String> expectedTopSourcesByBytes(List<VpcFlowLog> flows) {
        Map<Instant, Map<String, Long>> sums = new TreeMap<>();
        for (VpcFlowLog flow : flows) {
            sums.computeIfAbsent(minute(flow), m -> new HashMap<>()).merge(flow.getSrcaddr(), flow.getBytes(), Long::sum);
        }
        Map<String, String> expected = new TreeMap<>();
        sums.forEach((minute, bySource) -> expected.put(minute + "|PT1M|vpc_src_bytes", bySource.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(10).map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))));
        return expected;
    }

    static Map<String, Long> expectedRejectedBySource(List<VpcFlowLog> flows) {
        Map<String, Long> expected = new TreeMap<>();
        flows.stream().filter(flow -> flow.getAction().equals("REJECT")).forEach(flow -> expected.merge(
                minute(flow) + "|PT1M|vpc_src|" + flow.getSrcaddr(), 1L, Long::sum));
        return expected;
    }

    private static Instant minute(VpcFlowLog flow) {
        return Instant.ofEpochSecond(flow.getStart() / 60 * 60);
    }

    private static String render(TopTalkers list) {
        return list.getEntries().stream().sorted(Comparator.comparingInt(e -> e.getRank()))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    /** FlowSight's settings of the topology under test: its topics on this broker, state in the test's directory. */
    private Map<String, Object> settings(KafkaCluster kafka, String prefix, SchemaRegistryUrl registry, String mode) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(TopologyConfig.TOPIC_PREFIX_CONFIG, prefix);
        settings.put(TopologyConfig.PARTITIONS_CONFIG, 2);
        settings.put(TopologyConfig.WINDOWS_CONFIG, "1m");
        settings.put(TopologyConfig.TOP_MODE_CONFIG, mode);
        settings.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, prefix + "app");
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        settings.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        // Where this instance's live queries would be served; only advertised in the metadata here.
        settings.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:18080");
        return settings;
    }

    private static void produce(KafkaCluster kafka, SchemaRegistryUrl registry, String prefix, List<VpcFlowLog> flows,
                                Instant heartbeat) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
        SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
        values.configure(config, false);
        String topic = prefix + "raw.vpcflow";
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            // Every send is checked: an input record the broker refused must fail the test with its cause.
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (VpcFlowLog flow : flows) {
                sent.add(producer.send(new ProducerRecord<>(topic, null, flow.getEventTime().toEpochMilli(),
                        flow.getSrcaddr().getBytes(StandardCharsets.UTF_8), values.serialize(topic, flow))));
            }
            if (heartbeat != null) {
                Heartbeat.forEveryPartition(topic, 2, heartbeat).forEach(record -> sent.add(producer.send(record)));
            }
            producer.flush();
            for (Future<RecordMetadata> each : sent) {
                each.get();
            }
        }
    }

    /** A record no Avro serde can read, on partition 1 (TopologyTestDriver does not deliver dead-letter records). */
    private static void produceGarbage(KafkaCluster kafka, String topic) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, 1, START.toEpochMilli(), null,
                    "not avro".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    private static void awaitCommitted(KafkaCluster kafka, String group, TopicPartition partition, long atLeast)
            throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                OffsetAndMetadata committed = offsets.get(partition);
                if (committed != null && committed.offset() >= atLeast) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("The topology committed nothing on " + partition + " within 60 s");
    }
}
