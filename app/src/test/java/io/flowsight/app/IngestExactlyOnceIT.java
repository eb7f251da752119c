package io.flowsight.app;

import io.flowsight.schemas.DeadLetter;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.flowsight.testsupport.TopicRecords;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingester as a separate process, killed with SIGKILL in the middle of a gzipped file, then run again:
 * every record is in the raw topic exactly once and every bad line is in the dead-letter topic exactly once.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class IngestExactlyOnceIT {
    static final int FILES = 4;
    static final int LINES_PER_FILE = 60_000;
    static final int BAD_EVERY = 5_000;

    @TempDir
    Path work;

    @Test
    void aKilledIngesterResumesWithoutLossOrDuplicates(KafkaCluster kafka, SchemaRegistryUrl registry) throws Exception {
        Path logs = Files.createDirectories(work.resolve("AWSLogs/123456789010/vpcflowlogs/us-east-1/2026/11/22"));
        int expectedRecords = 0;
        Set<String> expectedBadLines = new HashSet<>();
        for (int f = 0; f < FILES; f++) {
            Path file = logs.resolve("123456789010_vpcflowlogs_us-east-1_fl-0" + f + "_20261122T1200Z_abc.log.gz");
            try (PrintStream out = new PrintStream(new GZIPOutputStream(Files.newOutputStream(file)), false,
                    StandardCharsets.UTF_8)) {
                out.print("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n");
                for (int i = 1; i <= LINES_PER_FILE; i++) {
                    if (i % BAD_EVERY == 0) {
                        out.print("corrupted line " + i + "\n");
                        expectedBadLines.add(file.toAbsolutePath() + ":" + (i + 1));
                    } else {
                        long start = 1763812800L + i;
                        out.print("2 123456789010 eni-" + f + " 10.0." + f + "." + (i % 250) + " 172.31.0.1 " + i
                                + " 443 6 10 " + (1000 + i) + " " + start + " " + (start + 60) + " ACCEPT OK\n");
                        expectedRecords++;
                    }
                }
            }
        }
        String prefix = "it-" + UUID.randomUUID() + ".";
        Path config = work.resolve("ingest.properties");
        Files.writeString(config, "flowsight.topic.prefix=" + prefix + "\n"
                + "flowsight.ingest.transaction.max.records=2000\n"
                + "flowsight.ingest.transactional.id=" + prefix + "ingest\n");
        List<String> command = List.of(launcher(), "ingest", "--type", "vpc", "--bootstrap-servers",
                kafka.bootstrapServers(), "--schema-registry-url", registry.url(), "--config", config.toString(),
                work.resolve("AWSLogs").toString());

        Process first = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("first.log").toFile()).start();
        boolean midFile = waitForAnUnfinishedPosition(kafka, prefix + "ingest.positions", first);
        assertThat(midFile).as("the first run committed part of a file before it was killed").isTrue();
        assertThat(first.isAlive()).isTrue();
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Process second = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("second.log").toFile()).start();
        assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String secondRun = Files.readString(work.resolve("second.log"));
        assertThat(second.exitValue()).as(secondRun).isZero();
        java.util.regex.Matcher summary = java.util.regex.Pattern.compile("(\\d+) records and (\\d+) dead letters")
                .matcher(secondRun);
        assertThat(summary.find()).as(secondRun).isTrue();
        assertThat(Integer.parseInt(summary.group(1))).as("the second run resumed instead of starting over")
                .isPositive().isLessThan(expectedRecords);

        List<VpcFlowLog> flows = readAll(kafka, registry, prefix + "raw.vpcflow", VpcFlowLog.class, expectedRecords);
        assertThat(flows).hasSize(expectedRecords);
        Set<String> distinct = new HashSet<>();
        flows.forEach(flow -> distinct.add(flow.getInterfaceId() + "/" + flow.getSrcport()));
        assertThat(distinct).hasSize(expectedRecords);

        List<DeadLetter> letters = readAll(kafka, registry, prefix + "deadletter", DeadLetter.class,
                expectedBadLines.size());
        Set<String> badLines = new HashSet<>();
        letters.forEach(letter -> badLines.add(letter.getSource() + ":" + letter.getLineNumber()));
        assertThat(letters).hasSize(expectedBadLines.size());
        assertThat(badLines).isEqualTo(expectedBadLines);
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.getReason()).isEqualTo("field_count");
            assertThat(StandardCharsets.UTF_8.decode(letter.getPayload()).toString()).startsWith("corrupted line ");
        });
    }

    private static String launcher() {
        return Path.of("..", "bin", "flowsight").toAbsolutePath().normalize().toString();
    }

    /** Polls the positions topic (read_committed) until a position with complete=false appears. */
    private static boolean waitForAnUnfinishedPosition(KafkaCluster kafka, String topic, Process ingester) {
        Map<String, Object> properties = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            while (System.nanoTime() < deadline && ingester.isAlive()) {
                if (!consumer.partitionsFor(topic, Duration.ofSeconds(5)).isEmpty()) {
                    consumer.assign(List.of(new TopicPartition(topic, 0)));
                    break;
                }
            }
            while (System.nanoTime() < deadline && ingester.isAlive()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    if (new String(record.value(), StandardCharsets.UTF_8).contains("\"complete\":false")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static <T extends SpecificRecord> List<T> readAll(KafkaCluster kafka, SchemaRegistryUrl registry,
                                                              String topic, Class<T> type, int expected) {
        return TopicRecords.readCommitted(kafka, registry, topic, type, expected, Duration.ofSeconds(60)).stream()
                .map(ConsumerRecord::value).toList();
    }
}
