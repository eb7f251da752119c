package io.flowsight.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * Waits until every partition of freshly created topics has a leader. A producer that writes at once meets
 * {@code NOT_LEADER_OR_FOLLOWER}, retries its first batch behind later ones, and the broker refuses the retry as out of
 * order: records a test wrote then never arrive, and the test fails on a wrong count instead of its cause.
 */
public final class TopicLeaders {
    private TopicLeaders() {
    }

    public static void await(Admin admin, Collection<String> topics, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
            boolean led = described.values().stream().flatMap(topic -> topic.partitions().stream())
                    .map(TopicPartitionInfo::leader).allMatch(leader -> leader != null && !leader.isEmpty());
            if (led) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Partitions of " + topics + " have no leader after " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
