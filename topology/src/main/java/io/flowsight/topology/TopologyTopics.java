package io.flowsight.topology;

import io.flowsight.schemas.Topic;
import io.flowsight.schemas.TopicCreation;
import io.flowsight.topology.computations.ComputationPlan;
import io.flowsight.topology.computations.Plans;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Before the topology starts: creates FlowSight's missing topics and settles the partition count the topology is
 * built with ({@link TopologyConfig#PARTITIONS_CONFIG}), which must be the raw topics' own. The topology follows each
 * raw partition by number: after a repartition a window closes once every raw partition's watermark has passed it,
 * and the top-N merger writes a window once every partition has closed it. A count that differs from the raw topics'
 * would leave those windows open for ever, so the existing topics' count wins over any setting.
 */
public final class TopologyTopics {
    private static final Duration METADATA_WAIT = Duration.ofSeconds(10);

    private TopologyTopics() {
    }

    /**
     * @param newTopicPartitions partitions of the topics this creates
     * @param replication        empty: the brokers' default.replication.factor
     * @return the raw topics' partition count
     * @throws IllegalStateException when the raw topics the topology reads have different partition counts
     */
    public static int prepare(Admin admin, String prefix, int newTopicPartitions, Optional<Short> replication)
            throws InterruptedException {
        TopicCreation.ensure(admin, prefix, EnumSet.allOf(Topic.class), newTopicPartitions, replication, List.of());
        List<String> raw = Plans.all(new TopologyConfig(Map.of())).stream().map(ComputationPlan::topic)
                .map(topic -> topic.topicName(prefix)).toList();
        Map<String, TopicDescription> described = describe(admin, raw);
        Map<String, Integer> partitions = new TreeMap<>();
        described.forEach((topic, description) -> partitions.put(topic, description.partitions().size()));
        int most = partitions.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (partitions.values().stream().anyMatch(count -> count != most)) {
            throw new IllegalStateException("FlowSight's raw topics must have one partition count, since the "
                    + "topology follows each raw partition by number, but they have "
                    + partitions.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "))
                    + "; give the others " + most + " partitions (kafka-topics.sh --alter --topic NAME --partitions "
                    + most + ") and start again.");
        }
        return most;
    }

    private static Map<String, TopicDescription> describe(Admin admin, List<String> topics)
            throws InterruptedException {
        // Topics just created reach every broker's metadata a moment after the controller has them.
        long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
        while (true) {
            try {
                return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Cannot describe FlowSight's raw topics: "
                            + e.getCause().getMessage(), e);
                }
                Thread.sleep(100);
            } catch (TimeoutException e) {
                throw TopicCreation.noAnswer(e);
            }
        }
    }
}
