package io.flowsight.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Waits until every partition of freshly created topics has a leader. Right after they are created the broker may not
 * know them yet ({@code UnknownTopicOrPartitionException}, seen on a busy CI machine): that is waited out too. A producer that writes at once meets
 * {@code NOT_LEADER_OR_FOLLOWER}, retries its first batch behind later ones, and the broker refuses the retry as out of
 * order: records a test wrote then never arrive, and the test fails on a wrong count instead of its cause.
 */
public final class TopicLeaders {
    private TopicLeaders() {
    }

    public static void await(Admin admin, Collection<String> topics, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (allLed(admin, topics)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Partitions of " + topics + " have no leader after " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private static boolean allLed(Admin admin, Collection<String> topics) throws Exception {
        Map<String, TopicDescription> described;
        try {
            described = admin.describeTopics(topics).allTopicNames().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
        return described.values().stream().flatMap(topic -> topic.partitions().stream())
                .map(TopicPartitionInfo::leader).allMatch(leader -> leader != null && !leader.isEmpty());
    }
}
