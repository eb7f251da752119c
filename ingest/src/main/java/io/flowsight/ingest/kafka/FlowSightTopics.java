package io.flowsight.ingest.kafka;

import io.flowsight.schemas.Topic;
import io.flowsight.schemas.TopicCreation;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Creates the topics ingest writes to when they are missing (DESIGN.md section 3), leaving existing ones alone. */
public final class FlowSightTopics {
    private FlowSightTopics() {
    }

    public static void ensure(Admin admin, IngestConfig config) throws InterruptedException {
        Optional<Short> replication = config.topicReplication() < 0 ? Optional.empty()
                : Optional.of(config.topicReplication());
        NewTopic positions = new NewTopic(config.positionsTopic(), Optional.of(1), replication)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        TopicCreation.ensure(admin, config.topicPrefix(), List.of(Topic.RAW_VPCFLOW, Topic.RAW_CLOUDTRAIL,
                Topic.RAW_ALB, Topic.RAW_ALB_CONNECTIONS, Topic.DEAD_LETTER), config.topicPartitions(), replication,
                List.of(positions));
    }
}
