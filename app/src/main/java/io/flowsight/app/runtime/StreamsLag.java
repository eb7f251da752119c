package io.flowsight.app.runtime;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How many committed records the Kafka Streams application has not processed yet, over its input topics: the raw
 * topics and its own repartition topics. Also serves a plain consumer group (alert delivery's), which has no
 * repartition topics. Measured from the group's committed offsets against the read-committed
 * end of each partition, so it is zero only once every processed record's results are committed too.
 */
final class StreamsLag {
    private final Admin admin;
    private final String applicationId;
    private final List<String> rawTopics;

    StreamsLag(Admin admin, String applicationId, List<String> rawTopics) {
        this.admin = admin;
        this.applicationId = applicationId;
        this.rawTopics = List.copyOf(rawTopics);
    }

    long total() throws InterruptedException, ExecutionException, TimeoutException {
        List<String> inputs = new ArrayList<>(rawTopics);
        String repartitionPrefix = applicationId + "-";
        for (String topic : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
            if (topic.startsWith(repartitionPrefix) && topic.endsWith("-repartition")) {
                inputs.add(topic);
            }
        }
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (TopicDescription description : admin.describeTopics(inputs).allTopicNames().get(30, TimeUnit.SECONDS)
                .values()) {
            description.partitions().forEach(p -> ends.put(new TopicPartition(description.name(), p.partition()),
                    OffsetSpec.latest()));
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        long lag = 0;
        var endOffsets = admin.listOffsets(ends, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(30, TimeUnit.SECONDS);
        for (var end : endOffsets.entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            lag += Math.max(0, end.getValue().offset() - (offset == null ? 0 : offset.offset()));
        }
        return lag;
    }
}
