package io.flowsight.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * How far a consumer group (a Kafka Streams application) has committed through the topics it reads: a run over a
 * finite input is done when nothing is behind, on raw and repartition topics alike.
 */
public final class ConsumerGroupProgress {
    private ConsumerGroupProgress() {
    }

    /**
     * The partitions, among all of every topic in {@code topics}, whose end {@code group} has not committed yet; empty
     * once it has read everything. A partition that holds records but has no committed offset is behind: testing only
     * the committed partitions would end a run before repartitioned work had started.
     */
    public static List<String> behind(Admin admin, String group, Set<String> topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Collection<TopicDescription> described;
        try {
            described = admin.describeTopics(topics).allTopicNames().get().values();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return List.of("repartition topics not created yet");
            }
            throw e;
        }
        for (TopicDescription topic : described) {
            topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()),
                    OffsetSpec.latest()));
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        List<String> behind = new ArrayList<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
            OffsetAndMetadata position = committed.get(end.getKey());
            // Transaction markers take one offset; a committed position within 1 of the end is the end.
            if (end.getValue().offset() > 0
                    && (position == null || position.offset() < end.getValue().offset() - 1)) {
                behind.add(end.getKey() + " at " + (position == null ? "none" : position.offset()) + " of "
                        + end.getValue().offset());
            }
        }
        return behind;
    }
}
