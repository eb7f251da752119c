package io.flowsight.schemas;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the FlowSight topics a stage needs when they are missing (DESIGN.md section 3), with the configured
 * partitions and replication, leaving existing ones alone. The watch-list topic is compacted: it is a table.
 *
 * <p>The other topics stamp each record with its append time ({@code message.timestamp.type=LogAppendTime}). FlowSight
 * timestamps records with their event time, and a broker deletes a segment once its newest timestamp is older than
 * {@code retention.ms}: logs a week or more old (a backfill from S3, a replay) would be deleted before anything read
 * them. With append time, retention counts from arrival; the topology takes event time from the values and heartbeat
 * headers, never from the record timestamp of a raw topic.
 */
public final class TopicCreation {
    private TopicCreation() {
    }

    /**
     * @param replication empty: the brokers' default.replication.factor
     * @param extra       further topics the stage owns (e.g. ingest's positions topic)
     */
    public static void ensure(Admin admin, String prefix, Collection<Topic> topics, int partitions,
                              Optional<Short> replication, List<NewTopic> extra) throws InterruptedException {
        List<NewTopic> wanted = new ArrayList<>(extra);
        for (Topic topic : topics) {
            NewTopic created = new NewTopic(topic.topicName(prefix), Optional.of(partitions), replication);
            created.configs(topic == Topic.WATCHLIST
                    ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                    : Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
            wanted.add(created);
        }
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
            throw new IllegalStateException("Kafka did not answer within 30 s: check --bootstrap-servers and that "
                    + "the brokers are up.", e);
        }
    }
}
