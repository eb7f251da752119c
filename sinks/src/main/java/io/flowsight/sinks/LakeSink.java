package io.flowsight.sinks;

import io.flowsight.schemas.LakeTable;
import io.flowsight.sinks.parquet.AvroBinaryRows;
import io.flowsight.sinks.storage.LakeStorage;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Consumes FlowSight's topics ({@code read_committed}) and writes the Parquet lake exactly once: files are
 * committed to the lake (fsync and atomic rename on disk, a completed upload on S3) before the offsets they cover are
 * committed to Kafka, and on every partition assignment the files beyond the committed offset, left by a crash, are
 * removed before consuming resumes.
 */
public final class LakeSink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LakeSink.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** How long a batch run waits for the group to give it partitions. */
    public static final Duration ASSIGNMENT_WAIT = Duration.ofMinutes(5);

    private final SinkConfig config;
    private final Clock clock;
    private final LakeStorage storage;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TableValues values;
    private final Map<String, LakeTable> tablesByTopic = new HashMap<>();
    private final Map<TopicPartition, TopicPartitionWriter> writers = new HashMap<>();
    private long recordsWritten;
    private volatile long caughtUpAsOf = Long.MIN_VALUE;
    /** When the group last gave this sink its partitions (possibly none); null before that. */
    private volatile Instant assignedAt;

    public LakeSink(SinkConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.storage = config.storage();
        createTableDirectories(storage);
        for (LakeTable table : config.tables()) {
            tablesByTopic.put(config.topicName(table), table);
        }
        Map<String, Object> properties = new HashMap<>(config.clientProperties());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        values = new TableValues(config.clientProperties());
        consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(tablesByTopic.keySet(), new Rebalances());
    }

    /**
     * Creates the directory of every table of the lake, the ones this sink does not write and the ones with no rows
     * yet included, so that the generated DDL (Trino's Hive connector checks its location) runs on any lake.
     */
    private static void createTableDirectories(LakeStorage storage) {
        try {
            for (LakeTable table : LakeTable.values()) {
                storage.createTableDirectory(table.tableName());
            }
        } catch (IOException e) {
            storage.close();
            throw new UncheckedIOException("Cannot create the table directories of the lake at " + storage.location()
                    + ": " + e.getMessage() + "; make it writable by this user and start again.", e);
        }
    }

    /** Writes until {@code stop} says so, then commits what is open. */
    public void run(BooleanSupplier stop) {
        while (!stop.getAsBoolean()) {
            pollOnce();
        }
        rollAndCommit(writers.keySet());
    }

    /**
     * Writes until no record has arrived for {@code idle} and the group has written every partition of its topics,
     * commits what is open and returns: for batch runs and tests that feed a finite input. The idle time counts from
     * when the group gave this sink its partitions, which after a crashed sink can take until the crashed member's
     * session times out. A crashed member can also still be counted when the group shares the partitions out, so
     * an idle sink waits while a partition it does not own is behind: another sink of the group writes it, or the
     * group hands it over once the holder's session ends.
     *
     * @throws IllegalStateException when no partitions come within {@link #ASSIGNMENT_WAIT}, or another member holds
     *                               partitions it has not written for that long
     */
    public long runUntilIdle(Duration idle) {
        Instant started = clock.instant();
        Instant lastRecord = null;
        Instant waitingForGroupSince = null;
        while (true) {
            int records = pollOnce();
            Instant assigned = assignedAt;
            if (records > 0 || lastRecord == null && assigned != null) {
                lastRecord = records > 0 ? clock.instant() : assigned;
            }
            if (assigned == null && Duration.between(started, clock.instant()).compareTo(ASSIGNMENT_WAIT) > 0) {
                throw new IllegalStateException("The sink got no partitions of its topics within " + ASSIGNMENT_WAIT
                        + ": check that the topics exist and that no other sink of group '" + config.groupId()
                        + "' holds them.");
            }
            if (lastRecord == null || Duration.between(lastRecord, clock.instant()).compareTo(idle) < 0) {
                continue;
            }
            rollAndCommit(writers.keySet());
            Map<TopicPartition, Long> behind = partitionsBehindElsewhere();
            if (behind.isEmpty()) {
                return recordsWritten;
            }
            if (waitingForGroupSince == null) {
                waitingForGroupSince = clock.instant();
                LOG.info("Idle, but another member of group '{}' holds partitions not yet written (records left: {});"
                        + " waiting for it to write them or for the group to hand them over", config.groupId(), behind);
            } else if (Duration.between(waitingForGroupSince, clock.instant()).compareTo(ASSIGNMENT_WAIT) > 0) {
                throw new IllegalStateException("Another member of group '" + config.groupId() + "' has held "
                        + behind.keySet() + " for " + ASSIGNMENT_WAIT + " without writing them: stop that sink or let"
                        + " it finish, then run this one again (what this sink wrote is committed).");
            }
            lastRecord = clock.instant();
        }
    }

    /**
     * The partitions of this sink's topics that it does not own and whose committed offset is behind their last
     * committed record (the last stable offset), with how far behind.
     */
    private Map<TopicPartition, Long> partitionsBehindElsewhere() {
        Set<TopicPartition> elsewhere = new HashSet<>();
        for (String topic : tablesByTopic.keySet()) {
            consumer.partitionsFor(topic).forEach(info -> elsewhere.add(new TopicPartition(topic, info.partition())));
        }
        elsewhere.removeAll(consumer.assignment());
        Map<TopicPartition, Long> behind = new HashMap<>();
        if (elsewhere.isEmpty()) {
            return behind;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(elsewhere);
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(elsewhere);
        consumer.endOffsets(elsewhere).forEach((partition, end) -> {
            OffsetAndMetadata offset = committed.get(partition);
            long written = offset == null ? beginnings.get(partition) : offset.offset();
            if (written < end) {
                behind.put(partition, end - written);
            }
        });
        return behind;
    }

    private int pollOnce() {
        long pollStarted = System.nanoTime();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        Instant now = clock.instant();
        try {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                write(record, now);
            }
            Set<TopicPartition> due = new HashSet<>();
            writers.forEach((partition, writer) -> {
                if (writer.shouldRoll(now)) {
                    due.add(partition);
                }
            });
            rollAndCommit(due);
            caughtUpAsOf = isCaughtUp() ? pollStarted : Long.MIN_VALUE;
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the lake at " + storage.location() + " failed: " + e.getMessage()
                    + "; fix the cause (disk space, permissions, the network) and restart: nothing is lost.", e);
        }
        return records.count();
    }

    private void write(ConsumerRecord<byte[], byte[]> record, Instant now) throws IOException {
        if (record.value() == null) {
            return;
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        TopicPartitionWriter writer = writers.get(partition);
        AvroBinaryRows.Row row = values.row(tablesByTopic.get(record.topic()), record.topic(), record.value());
        boolean opened = row != null ? writer.write(record.offset(), row, now)
                : writer.write(record.offset(), values.record(record.topic(), record.value()), now);
        if (opened) {
            boundOpenFiles();
        }
        recordsWritten++;
    }

    /** Commits the least recently written file while more than the allowed number are open. */
    private void boundOpenFiles() throws IOException {
        int open = writers.values().stream().mapToInt(TopicPartitionWriter::openFiles).sum();
        while (open > config.maxOpenFiles()) {
            TopicPartitionWriter oldest = null;
            Instant oldestWrite = null;
            for (TopicPartitionWriter writer : writers.values()) {
                Instant write = writer.leastRecentWrite().orElse(null);
                if (write != null && (oldestWrite == null || write.isBefore(oldestWrite))) {
                    oldest = writer;
                    oldestWrite = write;
                }
            }
            oldest.commitLeastRecentlyWritten();
            open--;
        }
    }

    private void rollAndCommit(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        try {
            for (TopicPartition partition : partitions) {
                OptionalLong next = writers.get(partition).roll(consumer.position(partition));
                if (next.isPresent()) {
                    offsets.put(partition, new OffsetAndMetadata(next.getAsLong()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Committing lake files at " + storage.location() + " failed: "
                    + e.getMessage() + "; fix the cause and restart: nothing is lost.", e);
        }
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    /**
     * When the last poll began ({@link System#nanoTime()}), if after it the sink had read every committed record of
     * every partition it owns (it may still hold them in open files); empty if it had not. A caller that saw the
     * upstream finished at time T knows the sink has everything once this is later than T. Safe to call from
     * another thread.
     */
    public OptionalLong caughtUpAsOf() {
        long asOf = caughtUpAsOf;
        return asOf == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(asOf);
    }

    private boolean isCaughtUp() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return false;
        }
        Set<TopicPartition> unknown = new HashSet<>();
        for (TopicPartition partition : assigned) {
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isEmpty()) {
                unknown.add(partition);
            } else if (lag.getAsLong() > 0) {
                return false;
            }
        }
        // Partitions the consumer has fetched nothing from yet (often empty ones): ask for their end offsets.
        if (!unknown.isEmpty()) {
            for (Map.Entry<TopicPartition, Long> end : consumer.endOffsets(unknown).entrySet()) {
                if (consumer.position(end.getKey()) < end.getValue()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The consumer's own metrics (fetch rate, lag, commit latency, ...) as Micrometer meters; bind it to a registry and
     * close it before the sink.
     */
    public KafkaClientMetrics clientMetrics() {
        return new KafkaClientMetrics(consumer);
    }

    public long recordsWritten() {
        return recordsWritten;
    }

    @Override
    public void close() {
        for (TopicPartitionWriter writer : writers.values()) {
            try {
                writer.abort();
            } catch (IOException e) {
                LOG.warn("Dropping the open files of {} failed", writer.partition(), e);
            }
        }
        consumer.close();
        values.close();
        storage.close();
    }

    /** Hands partitions over cleanly and recovers the ones it receives. */
    private final class Rebalances implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Set<TopicPartition> owned = new HashSet<>(partitions);
            owned.retainAll(writers.keySet());
            rollAndCommit(owned);
            owned.forEach(writers::remove);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                TopicPartitionWriter writer = writers.remove(partition);
                if (writer != null) {
                    try {
                        writer.abort();
                    } catch (IOException e) {
                        LOG.warn("Dropping the open files of {} failed", partition, e);
                    }
                }
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                long start = offset == null ? beginnings.get(partition) : offset.offset();
                TopicPartitionWriter writer = new TopicPartitionWriter(tablesByTopic.get(partition.topic()), partition,
                        storage, config.parquet(), config.roll());
                try {
                    writer.recover(start);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot clean up " + storage.location() + " for " + partition
                            + ": " + e.getMessage(), e);
                }
                consumer.seek(partition, start);
                writers.put(partition, writer);
            }
            assignedAt = clock.instant();
        }
    }
}
