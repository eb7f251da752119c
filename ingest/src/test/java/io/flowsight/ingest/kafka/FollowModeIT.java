package io.flowsight.ingest.kafka;

import io.flowsight.ingest.LogType;
import io.flowsight.ingest.source.LocalFileSource;
import io.flowsight.ingest.source.LocalFiles;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.flowsight.testsupport.TopicRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** --follow on a real broker: appended lines, half-written lines, rotation, truncation and new files. */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class FollowModeIT {
    static final String HEADER = VpcFlowLogFormat.DEFAULT.headerLine() + "\n";

    @TempDir
    Path logs;
    final AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<IngestSummary> following;
    KafkaConsumer<String, VpcFlowLog> consumer;
    final List<Integer> ports = new ArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void stopFollowing() throws Exception {
        stop.set(true);
        if (following != null) {
            following.get(30, TimeUnit.SECONDS);
        }
        if (consumer != null) {
            consumer.close();
        }
    }

    @Test
    void followsAppendsRotationTruncationAndNewFiles(KafkaCluster kafka, SchemaRegistryUrl registry) throws Exception {
        String prefix = "follow-" + UUID.randomUUID() + ".";
        IngestConfig config = new IngestConfig(Map.of(
                IngestConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                IngestConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                IngestConfig.TOPIC_PREFIX_CONFIG, prefix,
                IngestConfig.TRANSACTIONAL_ID_CONFIG, prefix + "ingest"));
        Path app = logs.resolve("app.log");
        Files.writeString(app, HEADER + line(1) + line(2) + line(3));

        TransactionalIngester ingester = new TransactionalIngester(config, new IngestMetrics(meters),
                IngestProgress.NONE, Clock.systemUTC());
        following = CompletableFuture.supplyAsync(() -> {
            try (ingester) {
                return ingester.follow(LogType.VPC, VpcFlowLogFormat.DEFAULT, this::files, Duration.ofMillis(100),
                        stop::get);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        subscribe(kafka, registry, prefix + "raw.vpcflow");

        awaitPorts(1, 2, 3);

        append(app, line(4) + line(5) + "2 123456789010 eni-1 10.0.0.6 172.31.0.1 6 443");
        awaitPorts(1, 2, 3, 4, 5);
        Thread.sleep(500);
        assertThat(ports).as("a half-written line waits").containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        append(app, " 6 10 1006 1763812806 1763812866 ACCEPT OK\n");
        awaitPorts(1, 2, 3, 4, 5, 6);

        // Rotation: the file is renamed and a new one starts; the renamed one keeps its position.
        Files.move(app, logs.resolve("app.log.1"));
        append(logs.resolve("app.log.1"), line(7));
        Files.writeString(app, HEADER + line(8));
        awaitPorts(1, 2, 3, 4, 5, 6, 7, 8);

        // Truncation in place (copytruncate): new content is read from the start.
        Files.writeString(app, "version srcaddr dstaddr srcport dstport start action log-status\n"
                + "2 10.0.0.9 172.31.0.1 9 443 1763812809 ACCEPT OK\n", StandardOpenOption.TRUNCATE_EXISTING);
        awaitPorts(1, 2, 3, 4, 5, 6, 7, 8, 9);

        // A new file in the directory.
        Files.writeString(logs.resolve("other.log"), HEADER + line(10));
        awaitPorts(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

        stop.set(true);
        IngestSummary summary = following.get(30, TimeUnit.SECONDS);
        assertThat(summary.records()).isEqualTo(10);
        Thread.sleep(300);
        consumer.poll(Duration.ofMillis(300)).forEach(r -> ports.add(r.value().getSrcport()));
        assertThat(ports).as("nothing twice").hasSize(10);
        assertThat(meters.get("flowsight.ingest.records").tag("type", "vpc").counter().count()).isEqualTo(10);
        assertThat(meters.get("flowsight.ingest.bytes").tag("type", "vpc").counter().count()).isPositive();
    }

    private List<LocalFileSource> files() throws java.io.IOException {
        List<LocalFileSource> sources = new ArrayList<>();
        for (Path file : LocalFiles.expand(List.of(logs), null)) {
            sources.add(new LocalFileSource(file));
        }
        return sources;
    }

    private static String line(int port) {
        long start = 1763812800L + port;
        return "2 123456789010 eni-1 10.0.0." + port + " 172.31.0.1 " + port + " 443 6 10 " + (1000 + port) + " "
                + start + " " + (start + 60) + " ACCEPT OK\n";
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }

    private void subscribe(KafkaCluster kafka, SchemaRegistryUrl registry, String topic) {
        consumer = TopicRecords.committedConsumer(kafka, registry, topic, VpcFlowLog.class);
    }

    private void awaitPorts(Integer... expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ports.size() < expected.length && System.nanoTime() < deadline) {
            assertThat(following).as("the follower is still running").isNotCompletedExceptionally();
            consumer.poll(Duration.ofMillis(100)).forEach(r -> ports.add(r.value().getSrcport()));
        }
        assertThat(ports).as("records of 3 partitions, in any order").containsExactlyInAnyOrder(expected);
    }
}
