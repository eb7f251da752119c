package io.flowsight.ingest.kafka;

import io.flowsight.schemas.Topic;
import io.flowsight.schemas.TopicCreation;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.TopicLeaders;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FlowSight's topics keep logs by arrival, not by event time: the topics it creates say so, and an existing topic
 * that would delete week-old logs on sight is named with the command that fixes it.
 */
@ExtendWith(KafkaClusterExtension.class)
class TopicRetentionIT {
    @Test
    void createdTopicsCountRetentionFromArrivalAndAnOldStyleTopicIsNamed(KafkaCluster kafka) throws Exception {
        String prefix = "retention-" + UUID.randomUUID() + ".";
        String flows = Topic.RAW_VPCFLOW.topicName(prefix);
        try (Admin admin = admin(kafka)) {
            createEventTimeTopic(admin, flows, "604800000");

            List<String> warnings = TopicCreation.ensure(admin, prefix,
                    EnumSet.of(Topic.RAW_VPCFLOW, Topic.RAW_ALB, Topic.WATCHLIST), 1, Optional.of((short) 1), List.of());

            assertThat(warnings).containsExactly(warning(flows, "604800000", "7 days"));
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(topic(prefix, Topic.RAW_ALB),
                    topic(prefix, Topic.WATCHLIST))).all().get();
            assertThat(configs.get(topic(prefix, Topic.RAW_ALB)).get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG)
                    .value()).isEqualTo("LogAppendTime");
            assertThat(configs.get(topic(prefix, Topic.WATCHLIST)).get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            assertThat(TopicCreation.ensure(admin, prefix, EnumSet.of(Topic.RAW_ALB, Topic.WATCHLIST), 1,
                    Optional.of((short) 1), List.of())).as("topics FlowSight created").isEmpty();
        }
    }

    @Test
    void aStageThatCreatesNoTopicsStillNamesAnOldStyleTopicAndCreatesNothing(KafkaCluster kafka) throws Exception {
        String prefix = "retention-check-" + UUID.randomUUID() + ".";
        String alerts = Topic.ALERTS.topicName(prefix);
        try (Admin admin = admin(kafka)) {
            createEventTimeTopic(admin, alerts, "86400000");

            List<String> warnings = TopicCreation.checkRetention(admin, prefix,
                    EnumSet.of(Topic.ALERTS, Topic.RAW_CLOUDTRAIL, Topic.WATCHLIST));

            assertThat(warnings).containsExactly(warning(alerts, "86400000", "1 day"));
            assertThat(admin.listTopics().names().get()).as("topics after a check")
                    .contains(alerts).doesNotContain(Topic.RAW_CLOUDTRAIL.topicName(prefix),
                            Topic.WATCHLIST.topicName(prefix));
        }
    }

    /**
     * A topic as an earlier FlowSight created it: record timestamps (event time) and a finite retention. Waits until
     * the broker serves it, as a topic of an earlier run is: right after creation a busy broker may not list it yet.
     */
    private static void createEventTimeTopic(Admin admin, String topic, String retentionMs) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, retentionMs)))).all().get();
        TopicLeaders.await(admin, List.of(topic), Duration.ofSeconds(30));
    }

    private static Admin admin(KafkaCluster kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static String warning(String topic, String retentionMs, String age) {
        return "Topic " + topic + " deletes records by their event time (message.timestamp.type=CreateTime, "
                + "retention.ms=" + retentionMs + "): logs older than " + age + " are deleted, possibly before "
                + "FlowSight reads them; set message.timestamp.type=LogAppendTime on it (kafka-configs.sh --alter "
                + "--entity-type topics --entity-name " + topic + " --add-config message.timestamp.type=LogAppendTime).";
    }

    private static ConfigResource topic(String prefix, Topic topic) {
        return new ConfigResource(ConfigResource.Type.TOPIC, topic.topicName(prefix));
    }
}
