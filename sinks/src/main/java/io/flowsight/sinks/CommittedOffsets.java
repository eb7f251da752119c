package io.flowsight.sinks;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The sink group's committed offsets: which lake files are final (see {@link LakeCompactor}). */
public final class CommittedOffsets {
    private CommittedOffsets() {
    }

    /** Committed offset per {@code topic+partition}, the prefix of the lake's file names. */
    public static Map<String, Long> of(Admin admin, String groupId) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<String, Long> byPrefix = new HashMap<>();
            offsets.forEach((partition, offset) -> {
                if (offset != null) {
                    byPrefix.put(partition.topic() + "+" + partition.partition(), offset.offset());
                }
            });
            return byPrefix;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot read the committed offsets of consumer group '" + groupId + "': "
                    + e.getMessage() + "; check --bootstrap-servers and flowsight.sink.group.id.", e);
        }
    }
}
