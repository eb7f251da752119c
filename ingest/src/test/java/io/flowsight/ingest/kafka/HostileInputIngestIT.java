package io.flowsight.ingest.kafka;

import io.flowsight.ingest.LogType;
import io.flowsight.ingest.source.LocalFileSource;
import io.flowsight.ingest.source.Source;
import io.flowsight.ingest.source.SourcePosition;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.schemas.DeadLetter;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.flowsight.testsupport.TopicRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Inputs that are not logs, or are logs with absurd lines, through the transactional ingester and a real broker: the
 * good lines land, every bad one is a dead letter with its own reason, memory stays bounded, and no dead letter is
 * larger than the broker accepts (its default max.message.bytes is 1 MiB, so an oversized one would fail the run).
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class HostileInputIngestIT {
    static final String FLOW = "2 123456789012 eni-0a1b2c3d 10.0.1.5 203.0.113.9 49152 443 6 10 8400 1700000000 "
            + "1700000060 ACCEPT OK";
    static final int MAX_LINE = 4 * 1024 * 1024;
    static final int BROKER_MAX_MESSAGE = 1024 * 1024;

    @TempDir
    Path directory;

    @Test
    void badLinesBombsAndHugeDocumentsAreDeadLetteredAndTheGoodLinesLand(KafkaCluster kafka, SchemaRegistryUrl registry)
            throws Exception {
        Path flows = directory.resolve("flows.log");
        try (OutputStream out = Files.newOutputStream(flows)) {
            out.write((FLOW + "\n").getBytes(StandardCharsets.UTF_8));
            out.write("x".repeat(5 * 1024 * 1024).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            out.write("y".repeat(2 * 1024 * 1024).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            out.write((FLOW.replace("10.0.1.5", "a".repeat(6000)) + "\n").getBytes(StandardCharsets.UTF_8));
            out.write((FLOW + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path bomb = directory.resolve("bomb.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb), 64 * 1024)) {
            out.write((FLOW + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 128; i++) {
                out.write(zeros);
            }
        }
        Path trail = Files.writeString(directory.resolve("trail.json"), "{\"Records\":[" + ("{\"eventName\":\"x\"},"
                .repeat(200)) + "{}]}");

        String prefix = "hostile-" + UUID.randomUUID() + ".";
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        IngestConfig config = new IngestConfig(Map.of(
                IngestConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                IngestConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                IngestConfig.TOPIC_PREFIX_CONFIG, prefix,
                IngestConfig.TRANSACTIONAL_ID_CONFIG, prefix + "ingest",
                IngestConfig.MAX_LINE_BYTES_CONFIG, MAX_LINE,
                IngestConfig.MAX_DOCUMENT_BYTES_CONFIG, 2048));
        try (TransactionalIngester ingester = new TransactionalIngester(config, new IngestMetrics(meters),
                IngestProgress.NONE, Clock.systemUTC())) {
            ingester.ingest(LogType.VPC, VpcFlowLogFormat.DEFAULT,
                    List.of(new LocalFileSource(flows), new LocalFileSource(bomb)));
            ingester.ingest(LogType.CLOUDTRAIL, VpcFlowLogFormat.DEFAULT, List.of(new LocalFileSource(trail)));
        }

        List<ConsumerRecord<String, VpcFlowLog>> records = TopicRecords.readCommitted(kafka, registry,
                prefix + "raw.vpcflow", VpcFlowLog.class, 3, Duration.ofSeconds(30));
        assertThat(records).hasSize(3).allSatisfy(r -> assertThat(r.key()).isEqualTo("10.0.1.5"));

        List<ConsumerRecord<String, DeadLetter>> letters = TopicRecords.readCommitted(kafka, registry,
                prefix + "deadletter", DeadLetter.class, 5, Duration.ofSeconds(30));
        assertThat(letters).extracting(r -> r.value().getSource().replace(directory + "/", "") + " "
                        + r.value().getReason() + " " + r.value().getLineNumber() + " " + r.value().getPayload().remaining())
                .containsExactlyInAnyOrder(
                        "flows.log line_too_long 2 " + OutgoingRecords.MAX_DEAD_LETTER_PAYLOAD,
                        "flows.log field_count 3 " + OutgoingRecords.MAX_DEAD_LETTER_PAYLOAD,
                        "flows.log bad_value 4 " + (FLOW.length() - "10.0.1.5".length() + 6000),
                        "bomb.log.gz decompression_bomb 2 0",
                        "trail.json document_too_large null 2049");
        assertThat(letters).allSatisfy(r -> assertThat(r.serializedValueSize()).isLessThan(BROKER_MAX_MESSAGE));
        assertThat(letters).filteredOn(r -> r.value().getReason().equals("line_too_long")).singleElement()
                .satisfies(r -> assertThat(r.value().getError()).startsWith("The line is " + (5 * 1024 * 1024 + 1)
                        + " bytes long, more than flowsight.ingest.max.line.bytes (" + MAX_LINE + ")"));
        assertThat(letters).filteredOn(r -> r.value().getReason().equals("bad_value")).singleElement()
                .satisfies(r -> assertThat(r.value().getError())
                        .startsWith("Field srcaddr must be an IPv4 or IPv6 address, not 'aaaa")
                        .endsWith("… (error cut to its first " + OutgoingRecords.MAX_DEAD_LETTER_ERROR_CHARS
                                + " characters)"));
        assertThat(letters).filteredOn(r -> r.value().getReason().equals("decompression_bomb")).singleElement()
                .satisfies(r -> assertThat(r.value().getError()).contains("which no log file does"));
        assertThat(meters.get("flowsight.ingest.rejected").tag("type", "vpc").tag("reason", "decompression_bomb")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void aParserThreadThatDiesFailsTheIngestInsteadOfHangingIt(KafkaCluster kafka, SchemaRegistryUrl registry)
            throws Exception {
        Source dying = new Source() {
            @Override
            public String id() {
                return "dying";
            }

            @Override
            public String name() {
                return "dying.log";
            }

            @Override
            public boolean resumable() {
                return false;
            }

            @Override
            public boolean sameContentAs(SourcePosition position) {
                return true;
            }

            @Override
            public InputStream open(long offset) {
                return new InputStream() {
                    @Override
                    public int read() {
                        throw new OutOfMemoryError("Java heap space");
                    }
                };
            }

            @Override
            public boolean compressed() {
                return false;
            }

            @Override
            public Fingerprint fingerprint() {
                return Fingerprint.NONE;
            }
        };
        String prefix = "dying-" + UUID.randomUUID() + ".";
        IngestConfig config = new IngestConfig(Map.of(
                IngestConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                IngestConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                IngestConfig.TOPIC_PREFIX_CONFIG, prefix,
                IngestConfig.TRANSACTIONAL_ID_CONFIG, prefix + "ingest"));
        try (TransactionalIngester ingester = new TransactionalIngester(config, new IngestMetrics(
                new SimpleMeterRegistry()), IngestProgress.NONE, Clock.systemUTC())) {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(() ->
                    ingester.ingest(LogType.VPC, VpcFlowLogFormat.DEFAULT, List.of(dying)))
                    .hasMessage("Reading dying.log failed: Java heap space")
                    .hasCauseInstanceOf(OutOfMemoryError.class));
        }
    }
}
