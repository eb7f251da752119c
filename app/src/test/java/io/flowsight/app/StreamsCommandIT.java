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

        assertThat(FlowSightProcess.run(work, "ingest", "--type", "vpc", "--config", config.toString(),
                "--transactional-id", prefix + "ingest", flows.toString())).startsWith("13 records and 0 dead letters");
        Process streams = FlowSightProcess.start(work, "streams", "--config", config.toString(), "--state-dir",
                work.resolve("state").toString(), "--application-id", prefix + "streams");
        try {
            assertThat(FlowSightProcess.run(work, "heartbeat", "--config", config.toString(), "--at",
                    "2014-12-14T06:00:00Z"))
                    .isEqualTo("Heartbeat at 2014-12-14T06:00:00Z sent to 6 partitions of " + prefix + "raw.vpcflow, "
                            + prefix + "raw.alb, " + prefix + "raw.cloudtrail.\n");
            List<ConsumerRecord<String, RejectedCount>> rejected = TopicRecords.readCommitted(kafka, registry,
                    prefix + "agg.rejected", RejectedCount.class, 6, Duration.ofSeconds(90));
            assertThat(rejected).as("the streams process logged:%n%s", FlowSightProcess.stderrTail(work, "streams"))
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
}
