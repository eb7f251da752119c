package io.flowsight.ingest.kafka;

import io.flowsight.schemas.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates the topics ingest writes to when they are missing (DESIGN.md section 3), leaving existing ones alone. */
public final class FlowSightTopics {
    private FlowSightTopics() {
    }

    public static void ensure(Admin admin, IngestConfig config) throws InterruptedException {
        Optional<Short> replication = config.topicReplication() < 0 ? Optional.empty()
                : Optional.of(config.topicReplication());
        List<NewTopic> wanted = new ArrayList<>();
        for (Topic topic : new Topic[]{Topic.RAW_VPCFLOW, Topic.RAW_CLOUDTRAIL, Topic.RAW_ALB,
                Topic.RAW_ALB_CONNECTIONS, Topic.DEAD_LETTER}) {
            wanted.add(new NewTopic(config.topicName(topic), Optional.of(config.topicPartitions()), replication));
        }
        wanted.add(new NewTopic(config.positionsTopic(), Optional.of(1), replication)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create FlowSight's topics: " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + config.getList(IngestConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " did not answer within 30 s: check --bootstrap-servers and that the brokers are up.", e);
        }
    }
}
