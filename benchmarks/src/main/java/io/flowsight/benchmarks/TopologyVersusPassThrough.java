package io.flowsight.benchmarks;

import io.flowsight.schemas.Topic;
import io.flowsight.schemas.TopicCreation;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.schemas.registry.local.LocalSchemaRegistry;
import io.flowsight.schemas.registry.local.SchemaRegistryHttpServer;
import io.flowsight.schemas.serde.AvroSerdeConfig;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import io.flowsight.localkafka.LocalKafkaBroker;
import io.flowsight.testsupport.ConsumerGroupProgress;
import io.flowsight.topology.EventTimeExtractor;
import io.flowsight.topology.FlowSightStreams;
import io.flowsight.topology.FlowSightTopology;
import io.flowsight.topology.TopologyConfig;
import io.flowsight.topology.TopologySerdes;
import io.flowsight.topology.computations.VpcFlowComputations;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Produced;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The full VPC flow topology against a pass-through topology (read, deserialize, serialize, write) on the same
 * records of an in-process broker, exactly-once both, rounds alternating. Each round also runs a reference between the
 * two: Kafka Streams' own 1-minute windowed {@code count()} per source (the DSL on RocksDB, same grace and event time),
 * the unit of work the full topology does several times per record, so its cost per record can be read off. A run ends when the application's
 * consumer group has committed the end of every topic it reads (raw and repartition topics), so the figure covers
 * all the work the input causes. Also reports each run's peak heap, its live heap after a full collection at the
 * end (the open windows' state) and its state directory per store.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.flowsight.benchmarks.TopologyVersusPassThrough
 * [records] [U|M|distinctSources] [rounds] [exact|sketch] [windows]}; workloads in {@link FlowWorkload}. Kafka
 * Streams runs with FlowSight's own defaults ({@link FlowSightStreams#streamsProperties}); {@code -Dstreams.settings=k=v,...}
 * overrides some for a variant.
 */
public final class TopologyVersusPassThrough {
    static final int PARTITIONS = 2;
    static final Instant START = Instant.parse("2026-11-22T08:00:00Z");
    static final String COUNTS_TOPIC = "bench.counts";

    private TopologyVersusPassThrough() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        FlowWorkload workload = FlowWorkload.parse(args.length > 1 ? args[1] : "U", records, START);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String mode = args.length > 3 ? args[3] : new TopologyConfig(Map.of()).sketchMode() ? "sketch" : "exact";
        String windows = args.length > 4 ? args[4] : "1m,1h";
        Path work = Files.createTempDirectory("flowsight-topology-bench");
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(work.resolve("kafka"));
             LocalSchemaRegistry registry = LocalSchemaRegistry.open(work.resolve("registry"));
             SchemaRegistryHttpServer server = SchemaRegistryHttpServer.start(registry, "127.0.0.1", 0, null)) {
            String prefix = "bench.";
            createTopics(broker.bootstrapServers(), prefix);
            long produceStart = System.nanoTime();
            produce(broker.bootstrapServers(), server.url(), prefix + "raw.vpcflow", records, workload);
            System.out.printf("%,d flows of workload %s over one hour produced in %.1f s%n", records,
                    workload.describe(), (System.nanoTime() - produceStart) / 1e9);

            TopologySerdes serdes = new TopologySerdes(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
                    server.url()));
            TopologyConfig config = new TopologyConfig(Map.of(TopologyConfig.TOPIC_PREFIX_CONFIG, prefix,
                    TopologyConfig.PARTITIONS_CONFIG, PARTITIONS, TopologyConfig.TOP_MODE_CONFIG, mode,
                    TopologyConfig.WINDOWS_CONFIG, windows));
            List<Double> passRates = new ArrayList<>();
            List<Double> countRates = new ArrayList<>();
            List<Double> fullRates = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                // -Dbench.full.only=true skips the references, for profiling the full topology alone.
                boolean fullOnly = Boolean.getBoolean("bench.full.only");
                Run pass = fullOnly ? Run.SKIPPED
                        : run(broker, server.url(), prefix, "pass" + round, work, records, passThrough(prefix, serdes));
                // -Dbench.count=false skips the windowed-count reference (a long run at 10M flows and 1M keys).
                boolean withCount = !fullOnly && !"false".equals(System.getProperty("bench.count"));
                Run count = !withCount ? Run.SKIPPED : run(broker, server.url(), prefix, "count" + round, work,
                        records, windowedCount(prefix, serdes, config));
                Run full = run(broker, server.url(), prefix, "full" + round, work, records,
                        FlowSightTopology.build(config, serdes, List.of(VpcFlowComputations.plan(config))));
                passRates.add(pass.rate());
                countRates.add(count.rate());
                fullRates.add(full.rate());
                System.out.printf("round %d: pass-through %,.0f records/s (peak heap %d MB, live %d MB) | windowed "
                                + "count %,.0f records/s (state %d MB) | full topology (%s, %s) "
                                + "%,.0f records/s (peak heap %d MB, live %d MB, state %d MB: %s)%n", round, pass.rate(),
                        pass.peakHeap() >> 20, pass.liveHeap() >> 20, count.rate(), count.stateBytes() >> 20, mode,
                        windows, full.rate(), full.peakHeap() >> 20, full.liveHeap() >> 20,
                        full.stateBytes() >> 20, full.storeSizes());
            }
            double pass = Median.of(passRates);
            double count = Median.of(countRates);
            double full = Median.of(fullRates);
            System.out.printf("median: pass-through %,.0f records/s, windowed count %,.0f records/s (ratio %.2f), "
                    + "full topology %,.0f records/s, ratio %.2f%n", pass, count, count / pass, full, full / pass);
        } finally {
            org.apache.kafka.common.utils.Utils.delete(work.toFile());
        }
    }

    /**
     * @param liveHeap heap in use after a full collection once the input is processed, before Streams closes: what the
     *                 open windows and everything else alive hold (the broker and the harness included)
     */
    record Run(double rate, long peakHeap, long liveHeap, long stateBytes, String storeSizes) {
        static final Run SKIPPED = new Run(Double.NaN, 0, 0, 0, "skipped");
    }

    static Run run(LocalKafkaBroker broker, String registryUrl, String prefix, String name, Path work,
                           int records, Topology topology) throws Exception {
        Path state = work.resolve("state-" + name);
        // FlowSight's own Streams defaults (exactly-once, commit interval, threads, caches, producer batching), as
        // `flowsight streams` runs them: only where to connect and what to call the application is set here.
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, prefix + name);
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        settings.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        settings.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        settings.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
        for (String setting : System.getProperty("streams.settings", "").split(",")) {
            if (setting.contains("=")) {
                settings.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            }
        }
        Properties properties = FlowSightStreams.streamsProperties(settings);
        AtomicLong peak = new AtomicLong();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long start = System.nanoTime();
        try (KafkaStreams streams = new KafkaStreams(topology, properties);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            streams.start();
            Set<String> sources = sourceTopics(topology, prefix + name);
            long reported = System.nanoTime();
            for (List<String> behind = ConsumerGroupProgress.behind(admin, prefix + name, sources); !behind.isEmpty();
                 behind = ConsumerGroupProgress.behind(admin, prefix + name, sources)) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                if (System.nanoTime() - reported > 60_000_000_000L) {
                    System.out.printf("%s after %.0f s (%s): behind on %s%n", name, (System.nanoTime() - start) / 1e9,
                            streams.state(), behind);
                    reported = System.nanoTime();
                }
                Thread.sleep(250);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s stream threads (last 30 s): %s%n", name, threadTime(streams));
            System.gc();
            long live = memory.getHeapMemoryUsage().getUsed();
            streams.close();
            Map<String, Long> stores = storeSizes(state);
            long total = stores.values().stream().mapToLong(Long::longValue).sum();
            String described = stores.entrySet().stream().filter(e -> e.getValue() >= 1 << 20)
                    .map(e -> e.getKey() + " " + (e.getValue() >> 20) + " MB").collect(Collectors.joining(", "));
            return new Run(records / seconds, peak.get(), live, total, described.isEmpty() ? "all stores < 1 MB" : described);
        }
    }

    /** Where each stream thread's time went: Kafka Streams' process, poll, commit and punctuate ratios. */
    private static String threadTime(KafkaStreams streams) {
        Map<String, Map<String, Double>> threads = new TreeMap<>();
        List<String> wanted = List.of("process-ratio", "poll-ratio", "commit-ratio", "punctuate-ratio",
                "commit-latency-avg", "commit-rate");
        streams.metrics().forEach((metric, value) -> {
            if (metric.group().equals("stream-thread-metrics") && wanted.contains(metric.name())
                    && value.metricValue() instanceof Number number) {
                String thread = metric.tags().getOrDefault("thread-id", "?");
                threads.computeIfAbsent(thread.substring(thread.lastIndexOf('-') + 1), t -> new TreeMap<>())
                        .put(metric.name(), number.doubleValue());
            }
        });
        return threads.entrySet().stream().map(thread -> "thread " + thread.getKey() + " "
                + thread.getValue().entrySet().stream().map(e -> e.getKey() + "=" + String.format("%.3f", e.getValue()))
                .collect(Collectors.joining(" "))).collect(Collectors.joining("; "));
    }

    private static Set<String> sourceTopics(Topology topology, String applicationId) {
        Set<String> topics = new TreeSet<>();
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    for (String topic : source.topicSet()) {
                        topics.add(topic.endsWith("-repartition") ? applicationId + "-" + topic : topic);
                    }
                }
            }
        }
        return topics;
    }

    private static Topology passThrough(String prefix, TopologySerdes serdes) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(prefix + "raw.vpcflow", Consumed.with(Serdes.String(), serdes.of(VpcFlowLog.class)))
                .to(prefix + "bench.copy", Produced.with(Serdes.String(), serdes.of(VpcFlowLog.class)));
        return builder.build();
    }

    /**
     * One keyed, windowed aggregate as Kafka Streams' examples write it: flows per source in tumbling windows of the
     * topology's smallest size, with its grace and event time, every update sent on (with the store cache's
     * de-duplication).
     */
    private static Topology windowedCount(String prefix, TopologySerdes serdes, TopologyConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(prefix + "raw.vpcflow", Consumed.with(Serdes.String(), serdes.of(VpcFlowLog.class))
                        .withTimestampExtractor(new EventTimeExtractor()))
                .groupByKey()
                .windowedBy(TimeWindows.ofSizeAndGrace(config.windows().get(0), config.grace()))
                .count(Materialized.as("flows-per-source"))
                .toStream((window, flows) -> window.window().startTime() + "|" + window.key())
                .to(prefix + COUNTS_TOPIC, Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    /**
     * FlowSight's topics as FlowSight creates them (their retention counts from arrival: the generated flows are of a
     * fixed past hour, which a broker would otherwise delete mid-run once it is a week old), and the copy topic alike.
     */
    static void createTopics(String bootstrap, String prefix) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> outputs = new ArrayList<>();
            for (String output : List.of("bench.copy", COUNTS_TOPIC)) {
                outputs.add(new NewTopic(prefix + output, PARTITIONS, (short) 1)
                        .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, TopicCreation.APPEND_TIME)));
            }
            TopicCreation.ensure(admin, prefix, EnumSet.allOf(Topic.class), PARTITIONS, Optional.of((short) 1),
                    outputs);
        }
    }

    private static void produce(String bootstrap, String registryUrl, String topic, int records,
                                FlowWorkload workload) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
        values.configure(config, false);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                VpcFlowLog flow = workload.flow(i);
                producer.send(new ProducerRecord<>(topic, null, flow.getEventTime().toEpochMilli(),
                        flow.getSrcaddr().getBytes(StandardCharsets.UTF_8), values.serialize(topic, flow)));
            }
            producer.flush();
        }
    }

    /** Bytes on disk per store (summed over tasks), from the state directory's {@code <task>/rocksdb/<store>}. */
    private static Map<String, Long> storeSizes(Path state) throws IOException {
        Map<String, Long> sizes = new TreeMap<>();
        if (!Files.exists(state)) {
            return sizes;
        }
        try (Stream<Path> files = Files.walk(state)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = state.relativize(file);
                String store = relative.getNameCount() > 3 && relative.getName(2).toString().equals("rocksdb")
                        ? relative.getName(3).toString() : "other";
                sizes.merge(store, Files.size(file), Long::sum);
            }
        }
        return sizes;
    }
}
