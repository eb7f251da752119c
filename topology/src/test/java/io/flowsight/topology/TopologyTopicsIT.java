package io.flowsight.topology;

import io.flowsight.schemas.Topic;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The topology is built with the raw topics' own partition count, whatever was asked for. */
@ExtendWith(KafkaClusterExtension.class)
class TopologyTopicsIT {
    private String prefix;

    @BeforeEach
    void freshPrefix() {
        prefix = "partitions-" + UUID.randomUUID() + ".";
    }

    @Test
    void aFirstStartCreatesEveryTopicWithTheAskedCount(KafkaCluster kafka) throws Exception {
        try (Admin admin = admin(kafka)) {
            assertThat(TopologyTopics.prepare(admin, prefix, 4, Optional.of((short) 1))).isEqualTo(4);

            List<String> names = Arrays.stream(Topic.values()).map(topic -> topic.topicName(prefix)).toList();
            assertThat(admin.describeTopics(names).allTopicNames().get().values())
                    .allSatisfy(topic -> assertThat(topic.partitions()).as(topic.name()).hasSize(4));
        }
    }

    @Test
    void existingRawTopicsOutvoteTheAskedCount(KafkaCluster kafka) throws Exception {
        try (Admin admin = admin(kafka)) {
            create(admin, 2, Topic.RAW_VPCFLOW, Topic.RAW_CLOUDTRAIL, Topic.RAW_ALB);

            assertThat(TopologyTopics.prepare(admin, prefix, 5, Optional.of((short) 1))).isEqualTo(2);
        }
    }

    @Test
    void rawTopicsOfDifferentCountsAreRefusedByName(KafkaCluster kafka) throws Exception {
        try (Admin admin = admin(kafka)) {
            create(admin, 2, Topic.RAW_VPCFLOW, Topic.RAW_CLOUDTRAIL);
            create(admin, 3, Topic.RAW_ALB);

            assertThatThrownBy(() -> TopologyTopics.prepare(admin, prefix, 2, Optional.of((short) 1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("FlowSight's raw topics must have one partition count, since the topology follows "
                            + "each raw partition by number, but they have " + prefix + "raw.alb 3, " + prefix
                            + "raw.cloudtrail 2, " + prefix + "raw.vpcflow 2; give the others 3 partitions "
                            + "(kafka-topics.sh --alter --topic NAME --partitions 3) and start again.");
        }
    }

    private void create(Admin admin, int partitions, Topic... topics) throws Exception {
        admin.createTopics(Arrays.stream(topics)
                .map(topic -> new NewTopic(topic.topicName(prefix), partitions, (short) 1)).toList()).all().get();
    }

    private static Admin admin(KafkaCluster kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }
}
