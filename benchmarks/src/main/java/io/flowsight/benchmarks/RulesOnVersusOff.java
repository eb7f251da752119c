package io.flowsight.benchmarks;

import io.flowsight.localkafka.LocalKafkaBroker;
import io.flowsight.schemas.AlbLogEntry;
import io.flowsight.schemas.CloudTrailEvent;
import io.flowsight.schemas.registry.local.LocalSchemaRegistry;
import io.flowsight.schemas.registry.local.SchemaRegistryHttpServer;
import io.flowsight.schemas.serde.AvroSerdeConfig;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import io.flowsight.topology.FlowSightTopology;
import io.flowsight.topology.TopologyConfig;
import io.flowsight.topology.TopologySerdes;
import io.flowsight.topology.computations.AlbComputations;
import io.flowsight.topology.computations.CloudTrailComputations;
import io.flowsight.topology.computations.ComputationPlan;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The CloudTrail and the ALB topologies with FlowSight's rule pack on and off ({@code flowsight.rules.builtin}), on
 * the same records of an in-process broker ({@link AuditWorkload}), exactly-once, FlowSight's own Streams defaults,
 * rounds alternating: what running the pack costs per record, as a ratio measured side by side.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.flowsight.benchmarks.RulesOnVersusOff [records]
 * [rounds] [logs]} (default 1,000,000 records of each log, 3 rounds, logs {@code cloudtrail,alb}).
 */
public final class RulesOnVersusOff {
    static final Instant START = Instant.parse("2026-11-22T08:00:00Z");

    private RulesOnVersusOff() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> logs = List.of((args.length > 2 ? args[2] : "cloudtrail,alb").split(","));
        Path work = Files.createTempDirectory("flowsight-rules-bench");
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(work.resolve("kafka"));
             LocalSchemaRegistry registry = LocalSchemaRegistry.open(work.resolve("registry"));
             SchemaRegistryHttpServer server = SchemaRegistryHttpServer.start(registry, "127.0.0.1", 0, null)) {
            String prefix = "bench.";
            TopologyVersusPassThrough.createTopics(broker.bootstrapServers(), prefix);
            AuditWorkload cloudTrail = new AuditWorkload(records, START);
            produce(broker.bootstrapServers(), server.url(), prefix + "raw.cloudtrail", records, cloudTrail::cloudTrail,
                    CloudTrailEvent::getSourceipaddress);
            AuditWorkload alb = new AuditWorkload(records, START);
            produce(broker.bootstrapServers(), server.url(), prefix + "raw.alb", records, alb::alb,
                    AlbLogEntry::getClientIp);
            System.out.printf("%,d CloudTrail events and %,d ALB entries over one hour produced%n", records, records);

            TopologySerdes serdes = new TopologySerdes(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
                    server.url()));
            for (String log : logs) {
                List<Double> onRates = new ArrayList<>();
                List<Double> offRates = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    TopologyVersusPassThrough.Run off = run(broker, server.url(), prefix, log, false, round, work,
                            records, serdes);
                    TopologyVersusPassThrough.Run on = run(broker, server.url(), prefix, log, true, round, work,
                            records, serdes);
                    offRates.add(off.rate());
                    onRates.add(on.rate());
                    System.out.printf("%s round %d: pack off %,.0f records/s | pack on %,.0f records/s (peak heap %d MB)"
                            + "%n", log, round, off.rate(), on.rate(), on.peakHeap() >> 20);
                }
                double off = Median.of(offRates);
                double on = Median.of(onRates);
                System.out.printf("%s median: pack off %,.0f records/s, pack on %,.0f records/s, ratio %.2f%n", log,
                        off, on, on / off);
            }
        } finally {
            org.apache.kafka.common.utils.Utils.delete(work.toFile());
        }
    }

    private static TopologyVersusPassThrough.Run run(LocalKafkaBroker broker, String registryUrl, String prefix,
                                                     String log, boolean pack, int round, Path work, int records,
                                                     TopologySerdes serdes) throws Exception {
        TopologyConfig config = new TopologyConfig(Map.of(TopologyConfig.TOPIC_PREFIX_CONFIG, prefix,
                TopologyConfig.PARTITIONS_CONFIG, TopologyVersusPassThrough.PARTITIONS,
                TopologyConfig.RULES_BUILTIN_CONFIG, pack));
        ComputationPlan<?> plan = log.equals("alb") ? AlbComputations.plan(config)
                : CloudTrailComputations.plan(config);
        return TopologyVersusPassThrough.run(broker, registryUrl, prefix, log + (pack ? "-on" : "-off") + round, work,
                records, FlowSightTopology.build(config, serdes, List.of(plan)));
    }

    private static <V extends SpecificRecord> void produce(String bootstrap, String registryUrl, String topic,
                                                           int records, IntFunction<V> record,
                                                           Function<V, String> key) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            values.configure(config, false);
            for (int i = 0; i < records; i++) {
                V value = record.apply(i);
                producer.send(new ProducerRecord<>(topic, null, null,
                        key.apply(value).getBytes(StandardCharsets.UTF_8), values.serialize(topic, value)));
            }
            producer.flush();
        }
    }
}
