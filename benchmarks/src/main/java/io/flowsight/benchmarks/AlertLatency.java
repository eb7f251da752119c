package io.flowsight.benchmarks;

import io.flowsight.localkafka.LocalKafkaBroker;
import io.flowsight.schemas.SuspiciousIpAlert;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.TopicCreation;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.schemas.registry.local.LocalSchemaRegistry;
import io.flowsight.schemas.registry.local.SchemaRegistryHttpServer;
import io.flowsight.schemas.serde.AvroSerdeConfig;
import io.flowsight.schemas.serde.SpecificAvroDeserializer;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import io.flowsight.topology.FlowSightStreams;
import io.flowsight.topology.TopologyConfig;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Alert latency of the running topology, FlowSight's own Streams defaults: flows of the mixed workload arrive live (event
 * time now) at a steady rate, and every few seconds a new scanner sends 60 rejected flows to distinct ports; the 50th
 * crosses the {@code port_scan} bar. Latency is from the broker's append of that flow (its LogAppendTime, as the
 * producer's acknowledgement reports it) to the moment a {@code read_committed} consumer of the alerts topic
 * receives the alert, so it includes the exactly-once commit that makes the alert visible.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.flowsight.benchmarks.AlertLatency [flowsPerSecond]
 * [seconds] [scanEverySeconds]}; {@code -Dstreams.settings=k=v,...} overrides Streams settings for a variant.
 */
public final class AlertLatency {
    private static final int SCAN_FLOWS = 60;
    private static final int CROSSING_FLOW = 50;

    private AlertLatency() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 90;
        int scanEvery = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path work = Files.createTempDirectory("flowsight-alert-latency");
        String prefix = "latency.";
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(work.resolve("kafka"));
             LocalSchemaRegistry registry = LocalSchemaRegistry.open(work.resolve("registry"));
             SchemaRegistryHttpServer server = SchemaRegistryHttpServer.start(registry, "127.0.0.1", 0, null)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                TopicCreation.ensure(admin, prefix, EnumSet.allOf(Topic.class), 2, Optional.of((short) 1), List.of());
            }
            Map<String, Object> settings = new HashMap<>();
            settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            settings.put(StreamsConfig.APPLICATION_ID_CONFIG, prefix + "streams");
            settings.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state").toString());
            settings.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
            settings.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url());
            settings.put(TopologyConfig.TOPIC_PREFIX_CONFIG, prefix);
            settings.put(TopologyConfig.PARTITIONS_CONFIG, 2);
            for (String setting : System.getProperty("streams.settings", "").split(",")) {
                if (setting.contains("=")) {
                    settings.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
                }
            }
            Map<String, Long> crossedAt = new ConcurrentHashMap<>();
            AtomicInteger scansSent = new AtomicInteger();
            List<Long> latencies = new ArrayList<>();
            try (FlowSightStreams streams = new FlowSightStreams(settings)) {
                streams.start();
                awaitRunning(streams.streams());
                AtomicBoolean producing = new AtomicBoolean(true);
                Thread producer = new Thread(() -> produce(broker.bootstrapServers(), server.url(),
                        Topic.RAW_VPCFLOW.topicName(prefix), rate, seconds, scanEvery, crossedAt, scansSent,
                        producing),
                        "latency-producer");
                producer.start();
                consume(broker.bootstrapServers(), server.url(), Topic.ALERTS.topicName(prefix), crossedAt,
                        latencies, producing, seconds);
                producer.join();
            }
            latencies.sort(null);
            System.out.printf("%,d flows/s for %d s, a scanner every %d s: %d of %d scans sent alerted; alert latency "
                            + "p50 %d ms, p99 %d ms, max %d ms%n", rate, seconds, scanEvery, latencies.size(),
                    scansSent.get(), percentile(latencies, 50), percentile(latencies, 99),
                    latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1));
        } finally {
            org.apache.kafka.common.utils.Utils.delete(work.toFile());
        }
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** Mixed-workload flows at {@code rate} per second, event time now, with a scan every {@code scanEvery} s. */
    private static void produce(String bootstrap, String registryUrl, String topic, int rate, int seconds,
                                int scanEvery, Map<String, Long> crossedAt, AtomicInteger scansSent,
                                AtomicBoolean producing) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl, ProducerConfig.LINGER_MS_CONFIG, 5);
        SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
        values.configure(config, false);
        long start = System.currentTimeMillis();
        FlowWorkload background = FlowWorkload.parse("M", rate * seconds, Instant.ofEpochMilli(start));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            int scans = 0;
            for (int i = 0; i < rate * seconds; i++) {
                long due = start + (long) i * 1000 / rate;
                long wait = due - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                send(producer, values, topic, VpcFlowLog.newBuilder(background.flow(i))
                        .setEventTime(Instant.now()).setStart(System.currentTimeMillis() / 1000).build(), null);
                if (System.currentTimeMillis() - start >= (long) (scans + 1) * scanEvery * 1000) {
                    scans++;
                    scansSent.incrementAndGet();
                    String scanner = "203.0.113." + scans;
                    for (int port = 1; port <= SCAN_FLOWS; port++) {
                        VpcFlowLog flow = VpcFlowLog.newBuilder(background.flow(i)).setSrcaddr(scanner).setDstport(port)
                                .setAction("REJECT").setEventTime(Instant.now())
                                .setStart(System.currentTimeMillis() / 1000).build();
                        send(producer, values, topic, flow, port == CROSSING_FLOW ? crossedAt : null);
                    }
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producing.set(false);
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, SpecificAvroSerializer<SpecificRecord> values,
                             String topic, VpcFlowLog flow, Map<String, Long> crossedAt) {
        producer.send(new ProducerRecord<>(topic, flow.getSrcaddr().getBytes(StandardCharsets.UTF_8),
                values.serialize(topic, flow)), (metadata, error) -> {
                    if (crossedAt != null && error == null) {
                        crossedAt.put(flow.getSrcaddr(), metadata.timestamp());
                    }
                });
    }

    private static void consume(String bootstrap, String registryUrl, String topic, Map<String, Long> crossedAt,
                                List<Long> latencies, AtomicBoolean producing, int seconds) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "latency-probe");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
        SpecificAvroDeserializer<SuspiciousIpAlert> alerts = new SpecificAvroDeserializer<>(null,
                SuspiciousIpAlert.class);
        alerts.configure(config, false);
        long stopAt = System.currentTimeMillis() + seconds * 1000L + 15_000;
        try (KafkaConsumer<String, SuspiciousIpAlert> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                alerts)) {
            consumer.subscribe(List.of(topic));
            while (producing.get() || System.currentTimeMillis() < stopAt) {
                for (ConsumerRecord<String, SuspiciousIpAlert> record : consumer.poll(Duration.ofMillis(5))) {
                    long received = System.currentTimeMillis();
                    Long crossed = crossedAt.remove(record.value().getIp());
                    if (crossed != null && "port_scan".equals(record.value().getDetector())) {
                        latencies.add(received - crossed);
                    }
                }
                if (!producing.get() && crossedAt.isEmpty()) {
                    break;
                }
            }
        }
    }

    private static long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
