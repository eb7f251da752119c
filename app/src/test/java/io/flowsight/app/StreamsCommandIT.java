package io.flowsight.app;

import io.flowsight.schemas.RejectedCount;
import io.flowsight.schemas.TopTalkers;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.flowsight.testsupport.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stages as a user runs them against a cluster: {@code flowsight ingest} a finite file, {@code flowsight streams}
 * running beside it, {@code flowsight heartbeat} to close the windows the file covers; the final counts arrive.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class StreamsCommandIT {
    @TempDir
    Path work;

    @Test
    void aFiniteFileBecomesFinalAggregatesAfterAHeartbeat(KafkaCluster kafka, SchemaRegistryUrl registry)
            throws Exception {
        String prefix = "streams-" + UUID.randomUUID() + ".";
        Path config = work.resolve("flowsight.properties");
        Files.writeString(config, "bootstrap.servers=" + kafka.bootstrapServers() + "\nschema.registry.url="
                + registry.url() + "\nflowsight.topic.prefix=" + prefix + "\nflowsight.topic.partitions=2\n");
        Path flows = work.resolve("flows.log");
        List<String> lines = new ArrayList<>(List.of("version account-id interface-id srcaddr dstaddr srcport dstport "
                + "protocol packets bytes start end action log-status"));
        for (int i = 0; i < 12; i++) {
            lines.add("2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.9.12 " + (40000 + i) + " 3389 6 1 60 "
                    + (1418529960 + i) + " 1418530070 REJECT OK"); // 04:06:00 + i s
        }
        lines.add("2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 "
                + "1418530070 ACCEPT OK");
        Files.write(flows, lines);

        assertThat(run("ingest", "--type", "vpc", "--config", config.toString(), "--transactional-id", prefix + "ingest",
                flows.toString())).startsWith("13 records and 0 dead letters");
        Process streams = start("streams", "--config", config.toString(), "--state-dir",
                work.resolve("state").toString(), "--application-id", prefix + "streams");
        try {
            assertThat(run("heartbeat", "--config", config.toString(), "--at", "2014-12-14T06:00:00Z"))
                    .isEqualTo("Heartbeat at 2014-12-14T06:00:00Z sent to 6 partitions of " + prefix + "raw.vpcflow, "
                            + prefix + "raw.alb, " + prefix + "raw.cloudtrail.\n");
            List<ConsumerRecord<String, RejectedCount>> rejected = TopicRecords.readCommitted(kafka, registry,
                    prefix + "agg.rejected", RejectedCount.class, 6, Duration.ofSeconds(90));
            assertThat(rejected).as("the streams process logged:%n%s", logOf("streams"))
                    .extracting(r -> r.key() + " " + r.value().getCount()).containsExactlyInAnyOrder(
                    "2014-12-14T04:06:00Z|PT1M|vpc_src|203.0.113.12 12",
                    "2014-12-14T04:06:00Z|PT1M|vpc_dstport|3389 12",
                    "2014-12-14T04:06:00Z|PT1M|vpc_interface|eni-1235b8ca123456789 12",
                    "2014-12-14T04:00:00Z|PT1H|vpc_src|203.0.113.12 12",
                    "2014-12-14T04:00:00Z|PT1H|vpc_dstport|3389 12",
                    "2014-12-14T04:00:00Z|PT1H|vpc_interface|eni-1235b8ca123456789 12");
            List<ConsumerRecord<String, TopTalkers>> lists = TopicRecords.readCommitted(kafka, registry,
                    prefix + "agg.top-talkers", TopTalkers.class, 10, Duration.ofSeconds(30));
            assertThat(lists).extracting(ConsumerRecord::key).contains(
                    "2014-12-14T04:06:00Z|PT1M|vpc_src_bytes", "2014-12-14T04:00:00Z|PT1H|vpc_dst_bytes");
        } finally {
            streams.destroy();
            assertThat(streams.waitFor(60, TimeUnit.SECONDS)).as("stops cleanly on SIGTERM").isTrue();
        }
    }

    /** The tail of what a started command wrote on stderr, for failure messages. */
    private String logOf(String command) throws java.io.IOException {
        List<String> lines = Files.readAllLines(work.resolve(command + ".err"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private String run(String... arguments) throws Exception {
        Process process = start(arguments);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private Process start(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of("..", "bin", "flowsight").toAbsolutePath().normalize().toString());
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectError(work.resolve(arguments[0] + ".err").toFile()).start();
    }
}
