package io.flowsight.app;

import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.schemas.serde.AvroSerdeConfig;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.flowsight.testsupport.TopicLeaders;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flowsight sink} killed with SIGKILL at random moments, again and again, over a fixed input; a last run
 * to the end; and the lake, read with DuckDB, holds every input record exactly once.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class SinkCrashIT {
    private static final Logger LOG = LoggerFactory.getLogger(SinkCrashIT.class);
    static final int FLOWS = 60_000;
    static final int KILLS = 8;

    @TempDir
    Path work;

    @Test
    void everyRecordExactlyOnceAfterRepeatedKills(KafkaCluster kafka, SchemaRegistryUrl registry) throws Exception {
        String prefix = "crash-" + UUID.randomUUID() + ".";
        String topic = prefix + "raw.vpcflow";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            TopicLeaders.await(admin, List.of(topic), Duration.ofSeconds(30));
        }
        produce(kafka, registry, topic);
        Path lake = work.resolve("lake");
        Path config = Files.writeString(work.resolve("sink.properties"), "flowsight.topic.prefix=" + prefix + "\n"
                + "flowsight.sink.tables=vpc_flow_logs\n"
                + "flowsight.sink.group.id=" + prefix + "sink\n"
                + "flowsight.sink.roll.max.records=400\n"
                + "max.poll.records=200\n"
                // Static membership: a restarted sink takes over its predecessor's partitions at once instead of
                // waiting out the dead member's session.
                + "group.instance.id=" + prefix + "sink-1\n"
                + "session.timeout.ms=10000\n");

        Random random = new Random(20261122);
        for (int kill = 1; kill <= KILLS; kill++) {
            long started = System.currentTimeMillis();
            Process sink = start(kafka, registry, config, lake, "PT60S");
            // Kill while it writes, whatever the machine's speed: a JVM start and a group join can take longer than
            // a fixed delay from the process start on a loaded machine, and then no run ever committed a file.
            awaitWriting(lake, started);
            long delay = 500 + random.nextInt(2000);
            Thread.sleep(delay);
            assertThat(sink.isAlive()).as("still writing when killed").isTrue();
            sink.destroyForcibly();
            assertThat(sink.waitFor(30, TimeUnit.SECONDS)).isTrue();
            LOG.info("kill {} {} ms into writing: {} committed files, {} rows visible", kill, delay, dataFiles(lake),
                    rows(lake));
        }
        assertThat(dataFiles(lake)).as("the killed runs committed files").isPositive();

        Process last = start(kafka, registry, config, lake, "PT3S");
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).isZero();

        assertThat(rows(lake)).isEqualTo(FLOWS);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement();
             ResultSet distinct = sql.executeQuery("SELECT count(DISTINCT srcport), min(srcport), max(srcport) FROM "
                     + "read_parquet('" + lake.resolve("vpc_flow_logs") + "/**/*.parquet', hive_partitioning = true, union_by_name = true)")) {
            distinct.next();
            assertThat(distinct.getLong(1)).isEqualTo(FLOWS);
            assertThat(distinct.getLong(2)).isZero();
            assertThat(distinct.getLong(3)).isEqualTo(FLOWS - 1);
        }

        // The hours are long closed (2026-11-22 10:00–15:59 UTC records, compacted "now" with no wait).
        long filesBefore = dataFiles(lake);
        Process compact = new ProcessBuilder(Path.of("..", "bin", "flowsight").toAbsolutePath().normalize().toString(),
                "compact", "--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry.url(),
                "--config", config.toString(), "--lake", lake.toString(), "--closed-after", "PT0S")
                .redirectErrorStream(true).start();
        String output = new String(compact.getInputStream().readAllBytes());
        assertThat(compact.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(compact.exitValue()).as(output).isZero();
        assertThat(output).contains("vpc_flow_logs: " + filesBefore + " files in 6 partitions merged into 6");
        assertThat(dataFiles(lake)).isEqualTo(6);
        assertThat(rows(lake)).isEqualTo(FLOWS);
    }

    private Process start(KafkaCluster kafka, SchemaRegistryUrl registry, Path config, Path lake, String idle)
            throws Exception {
        return new ProcessBuilder(Path.of("..", "bin", "flowsight").toAbsolutePath().normalize().toString(), "sink",
                "--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry.url(),
                "--config", config.toString(), "--lake", lake.toString(), "--until-idle", idle)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("sink.log").toFile()))
                .start();
    }

    private static void produce(KafkaCluster kafka, SchemaRegistryUrl registry, String topic) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
        SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
        values.configure(config, false);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < FLOWS; i++) {
                long start = 1795341600L + (i % 6) * 3600L + (i % 3600);
                VpcFlowLog flow = VpcFlowLog.newBuilder().setVersion(2).setAccountId("123456789010")
                        .setInterfaceId("eni-" + (i % 5)).setSrcaddr("10.0." + (i % 250) + "." + (i % 100))
                        .setDstaddr("172.31.0.1").setSrcport(i).setDstport(443).setProtocol(6L).setPackets(3L)
                        .setBytes(500L + i).setStart(start).setEnd(start + 60).setAction("ACCEPT").setLogStatus("OK")
                        .setEventTime(Instant.ofEpochSecond(start)).build();
                producer.send(new ProducerRecord<>(topic, flow.getSrcaddr(), values.serialize(topic, flow)));
            }
            producer.flush();
        }
    }

    /** Waits until this run has written part of a file: a temporary or committed file modified since it started. */
    private static void awaitWriting(Path lake, long started) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(lake)) {
                try (Stream<Path> files = Files.walk(lake)) {
                    if (files.filter(Files::isRegularFile).anyMatch(f -> f.toFile().lastModified() >= started)) {
                        return;
                    }
                } catch (UncheckedIOException e) {
                    // a file renamed or removed during the walk: look again
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("The sink wrote nothing within 60 s of its start");
    }

    private static long dataFiles(Path lake) throws Exception {
        if (!Files.isDirectory(lake)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(lake)) {
            return files.filter(f -> f.toString().endsWith(".parquet") && !f.getFileName().toString().startsWith("."))
                    .count();
        }
    }

    private static long rows(Path lake) throws Exception {
        if (dataFiles(lake) == 0) {
            return 0;
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement();
             ResultSet count = sql.executeQuery("SELECT count(*) FROM read_parquet('" + lake.resolve("vpc_flow_logs")
                     + "/**/*.parquet', hive_partitioning = true, union_by_name = true)")) {
            count.next();
            return count.getLong(1);
        }
    }
}
