package io.flowsight.app;

import io.flowsight.schemas.Finding;
import io.flowsight.testsupport.ConsumerGroupProgress;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.flowsight.testsupport.TopicRecords;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flowsight rules publish} while {@code flowsight streams} runs: the published rule applies to the events
 * ingested after it, without a restart; {@code list} shows it, a refused file publishes nothing, and {@code remove}
 * unloads it.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class RulesPublishIT {
    static final String RULE_ID = "3b8e6f1a-9c2d-4e7f-b015-6a4c8d2e9f31";
    static final String RULE = """
            title: Security group opened by mallory
            id: %s
            author: RulesPublishIT
            logsource:
                product: aws
                service: cloudtrail
            detection:
                selection:
                    eventName: AuthorizeSecurityGroupIngress
                    userIdentity.userName: mallory
                condition: selection
            level: high
            """.formatted(RULE_ID);

    @TempDir
    Path work;

    @Test
    void aPublishedRuleAppliesToRunningStreamProcessingAndARemovedOneStops(KafkaCluster kafka,
                                                                         SchemaRegistryUrl registry)
            throws Exception {
        String prefix = "rules-" + UUID.randomUUID() + ".";
        Path config = work.resolve("flowsight.properties");
        Files.writeString(config, "bootstrap.servers=" + kafka.bootstrapServers() + "\nschema.registry.url="
                + registry.url() + "\nflowsight.topic.prefix=" + prefix + "\nflowsight.topic.partitions=1\n"
                + "flowsight.rules.builtin=false\nflowsight.rules.refresh=1s\n");
        Path rules = Files.createDirectories(work.resolve("rules"));
        Files.writeString(rules.resolve("sg_opened.yml"), RULE);
        Path broken = Files.createDirectories(work.resolve("broken")).resolve("broken.yml");
        Files.writeString(broken, RULE.replace("eventName:", "eventName|contain:"));

        Process streams = FlowSightProcess.start(work, "streams", "--config", config.toString(), "--state-dir",
                work.resolve("state").toString(), "--application-id", prefix + "streams");
        try {
            ingest(config, "before.json", "e-1", "2026-11-22T08:00:00Z");
            awaitProcessed(kafka, prefix);

            Process refused = FlowSightProcess.start(work, "rules", "publish", "--config", config.toString(),
                    broken.toString(), rules.toString());
            assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.exitValue()).isEqualTo(1);
            assertThat(Files.readString(work.resolve("rules.err"))).contains(broken + ":9: 'contain' in 'eventName|contain' is not a Sigma value modifier")
                    .contains("Nothing was published");

            assertThat(FlowSightProcess.run(work, "rules", "publish", "--config", config.toString(),
                    "--published-by", "alice", rules.toString()))
                    .startsWith("1 files: 1 single-event and 0 correlation rules load, 0 refused.\n"
                            + "Published 1 rule files to " + prefix + "rules;");
            assertThat(FlowSightProcess.run(work, "rules", "list", "--config", config.toString()))
                    .matches("sg_opened.yml  published \\S+ by alice  1 single-event, 0 correlation rules\n");
            awaitLog(work, "streams", "Rules from " + prefix + "rules reloaded: 1 published files");
            ingest(config, "after.json", "e-2", "2026-11-22T08:05:00Z");

            List<ConsumerRecord<String, Finding>> findings = TopicRecords.readCommitted(kafka, registry,
                    prefix + "findings", Finding.class, 1, Duration.ofSeconds(60));
            assertThat(findings).extracting(ConsumerRecord::key)
                    .as("only the event ingested after the rule was loaded; streams logged:%n%s",
                            FlowSightProcess.stderrTail(work, "streams"))
                    .containsExactly(RULE_ID + "|e-2");

            assertThat(FlowSightProcess.run(work, "rules", "remove", "--config", config.toString(), "sg_opened.yml"))
                    .isEqualTo("Removed 1 rule files from " + prefix + "rules.\n");
            awaitLog(work, "streams", "Rules from " + prefix + "rules reloaded: 0 published files");
            ingest(config, "removed.json", "e-3", "2026-11-22T08:10:00Z");
            assertThat(FlowSightProcess.run(work, "rules", "list", "--config", config.toString()))
                    .isEqualTo("No rule files are published to " + prefix + "rules.\n");
            awaitProcessed(kafka, prefix);
            assertThat(TopicRecords.readCommitted(kafka, registry, prefix + "findings", Finding.class, 1,
                    Duration.ofSeconds(5))).extracting(ConsumerRecord::key).containsExactly(RULE_ID + "|e-2");
        } finally {
            streams.destroy();
            assertThat(streams.waitFor(60, TimeUnit.SECONDS)).as("stops cleanly on SIGTERM").isTrue();
        }
    }

    private void ingest(Path config, String file, String eventId, String time) throws Exception {
        Path events = work.resolve(file);
        Files.writeString(events, """
                {"Records":[{"eventVersion":"1.10","eventID":"%s","eventTime":"%s","sourceIPAddress":"203.0.113.7",\
                "eventSource":"ec2.amazonaws.com","eventName":"AuthorizeSecurityGroupIngress","awsRegion":"eu-west-1",\
                "eventType":"AwsApiCall","readOnly":false,"recipientAccountId":"123456789012",\
                "userAgent":"aws-cli/2.15.0","userIdentity":{"type":"IAMUser",\
                "arn":"arn:aws:iam::123456789012:user/mallory","accountId":"123456789012","userName":"mallory"}}]}
                """.formatted(eventId, time));
        assertThat(FlowSightProcess.run(work, "ingest", "--type", "cloudtrail", "--config", config.toString(),
                "--transactional-id", "ingest-" + eventId, events.toString())).startsWith("1 records and 0 dead letters");
    }

    /** Waits until stream processing has committed its way through everything ingested into the CloudTrail topic. */
    private static void awaitProcessed(KafkaCluster kafka, String prefix) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            List<String> behind;
            while (!(behind = ConsumerGroupProgress.behind(admin, prefix + "streams",
                    Set.of(prefix + "raw.cloudtrail"))).isEmpty()) {
                assertThat(Instant.now()).as("stream processing is still behind: %s", behind).isBefore(deadline);
                Thread.sleep(200);
            }
        }
    }

    private static void awaitLog(Path work, String command, String line) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        while (!Files.readString(work.resolve(command + ".err")).contains(line)) {
            assertThat(Instant.now()).as("%s never logged '%s':%n%s", command, line,
                    FlowSightProcess.stderrTail(work, command)).isBefore(deadline);
            Thread.sleep(200);
        }
    }
}
