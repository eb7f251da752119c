package io.flowsight.schemas;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    /** The {@code message.timestamp.type} of FlowSight's topics that are not compacted. */
    public static final String APPEND_TIME = "LogAppendTime";
    private static final Logger LOG = LoggerFactory.getLogger(TopicCreation.class);

    private TopicCreation() {
    }

    /**
     * Creates the missing topics, then warns (log and return value) about each existing FlowSight topic that would
     * delete old logs by their event time: created by hand or by an earlier FlowSight with {@code CreateTime} and a
     * finite retention.
     *
     * @param replication empty: the brokers' default.replication.factor
     * @param extra       further topics the stage owns (e.g. ingest's positions topic)
     * @return one sentence per such topic, empty when there is none
     */
    public static List<String> ensure(Admin admin, String prefix, Collection<Topic> topics, int partitions,
                                      Optional<Short> replication, List<NewTopic> extra) throws InterruptedException {
        List<NewTopic> wanted = new ArrayList<>(extra);
        for (Topic topic : topics) {
            NewTopic created = new NewTopic(topic.topicName(prefix), Optional.of(partitions), replication);
            if (isCompacted(topic)) {
                created.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            } else {
                created.configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, APPEND_TIME));
            }
            wanted.add(created);
        }
        Set<String> existing;
        try {
            existing = existingTopics(admin);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create FlowSight's topics: " + e.getCause().getMessage(), e);
            }
            return List.of();
        } catch (TimeoutException e) {
            throw noAnswer(e);
        }
        return warnAboutEventTimeRetention(admin, prefix, topics, existing);
    }

    /**
     * For a stage that creates no topics (the lake sink): warns (log and return value) about each of {@code topics}
     * that exists and deletes old logs by their event time, as {@link #ensure} does.
     */
    public static List<String> checkRetention(Admin admin, String prefix, Collection<Topic> topics)
            throws InterruptedException {
        Set<String> existing;
        try {
            existing = existingTopics(admin);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list Kafka's topics: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw noAnswer(e);
        }
        return warnAboutEventTimeRetention(admin, prefix, topics, existing);
    }

    private static boolean isCompacted(Topic topic) {
        return topic == Topic.WATCHLIST || topic == Topic.RULES || topic == Topic.SILENCES
                || topic == Topic.BLOCKLIST;
    }

    private static Set<String> existingTopics(Admin admin)
            throws InterruptedException, ExecutionException, TimeoutException {
        return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }

    /** The error of an admin call Kafka left unanswered: what a user should check. */
    public static IllegalStateException noAnswer(TimeoutException e) {
        return new IllegalStateException("Kafka did not answer within 30 s: check --bootstrap-servers and that the "
                + "brokers are up.", e);
    }

    private static List<String> warnAboutEventTimeRetention(Admin admin, String prefix, Collection<Topic> topics,
                                                            Set<String> existing) throws InterruptedException {
        List<String> appendTimeTopics = topics.stream().filter(topic -> !isCompacted(topic))
                .map(topic -> topic.topicName(prefix)).filter(existing::contains).toList();
        List<String> warnings = eventTimeRetention(admin, appendTimeTopics);
        warnings.forEach(LOG::warn);
        return warnings;
    }

    /** One sentence per topic that keeps records by their own timestamps for a finite time and deletes them after. */
    private static List<String> eventTimeRetention(Admin admin, List<String> topics) throws InterruptedException {
        if (topics.isEmpty()) {
            return List.of();
        }
        Map<ConfigResource, Config> configs;
        try {
            configs = admin.describeConfigs(topics.stream()
                    .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // A check that cannot be made (no DescribeConfigs permission, say) must not stop the stage.
            LOG.debug("Cannot read the configuration of FlowSight's topics to check their retention", e);
            return List.of();
        }
        List<String> warnings = new ArrayList<>();
        for (String topic : topics) {
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic));
            String type = value(config, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
            String policy = value(config, TopicConfig.CLEANUP_POLICY_CONFIG);
            String retention = value(config, TopicConfig.RETENTION_MS_CONFIG);
            long retentionMs = retention == null ? -1 : Long.parseLong(retention);
            if ("CreateTime".equals(type) && policy != null && policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)
                    && retentionMs >= 0) {
                warnings.add("Topic " + topic + " deletes records by their event time (message.timestamp.type="
                        + "CreateTime, retention.ms=" + retention + "): logs older than " + readable(retentionMs)
                        + " are deleted, possibly before FlowSight reads them; set message.timestamp.type="
                        + APPEND_TIME + " on it (kafka-configs.sh --alter --entity-type topics --entity-name " + topic
                        + " --add-config message.timestamp.type=" + APPEND_TIME + ").");
            }
        }
        return warnings;
    }

    private static String readable(long millis) {
        if (millis % 86_400_000 == 0) {
            return count(millis / 86_400_000, "day");
        }
        return millis % 3_600_000 == 0 ? count(millis / 3_600_000, "hour") : millis + " ms";
    }

    private static String count(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    private static String value(Config config, String name) {
        ConfigEntry entry = config == null ? null : config.get(name);
        return entry == null ? null : entry.value();
    }
}
