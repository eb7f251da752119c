package io.flowsight.sinks;

import io.flowsight.schemas.LakeTable;
import io.flowsight.sinks.parquet.AvroBinaryRows;
import io.flowsight.sinks.parquet.FileColumns;
import io.flowsight.sinks.parquet.ParquetPartFile;
import io.flowsight.sinks.parquet.ParquetSettings;
import io.flowsight.sinks.storage.LakeStorage;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Writes the records of one Kafka partition into the lake: one open file per Hive partition (dt/hour) the records
 * fall into, named after the offset of its first record. All of them roll together, and only then is the consumer's
 * position after the records they hold handed back for committing, so every committed offset is covered by durable,
 * visible files and any file beyond it is a leftover that recovery removes (the technique of Kafka Connect's
 * storage sinks).
 */
final class TopicPartitionWriter {
    private static final Logger LOG = LoggerFactory.getLogger(TopicPartitionWriter.class);
    private static final long HOUR_MILLIS = 3_600_000;

    private final LakeTable table;
    private final TopicPartition partition;
    private final LakeStorage storage;
    private final ParquetSettings parquet;
    private final RollPolicy roll;
    private final int partitionTimePosition;
    /** The Hive partition directory of the hour records last fell in: most records fall in the same hour. */
    private long lastHour = Long.MIN_VALUE;
    private String lastDirectory;
    /** The open file of each Hive partition directory (relative to the lake). */
    private final Map<String, OpenFile> open = new HashMap<>();
    /**
     * The columns the files of rows read from Avro bytes hold: those the rows written so far filled, only ever widened,
     * so that a file opened after a roll does not have to be replaced again by the same rows' columns.
     */
    private FileColumns rowColumns;
    /** The file the record being written goes to. */
    private ParquetPartFile target;
    private long recordsSinceRoll;
    /** The offset last handed back for committing to Kafka (or the one recovery started from). */
    private long committedOffset = -1;

    /** A file being written, and where in the lake it goes. */
    private record OpenFile(ParquetPartFile file, String relativePath) {
        void commitAndPublish(LakeStorage storage) throws IOException {
            storage.publish(file.commit(), relativePath);
        }
    }

    TopicPartitionWriter(LakeTable table, TopicPartition partition, LakeStorage storage, ParquetSettings parquet,
                         RollPolicy roll) {
        this.table = table;
        this.partition = partition;
        this.storage = storage;
        this.parquet = parquet;
        this.roll = roll;
        this.partitionTimePosition = table.partitionTimePosition();
    }

    /**
     * Removes what a crash left behind: temporary files, and files starting at or after {@code committedOffset},
     * whose records Kafka will deliver again.
     */
    void recover(long committedOffset) throws IOException {
        this.committedOffset = committedOffset;
        for (String relativePath : storage.list(table.tableName())) {
            Optional<LakeLayout.DataFile> file = LakeLayout.parse(Path.of(relativePath));
            if (file.isPresent() && file.get().topic().equals(partition.topic())
                    && file.get().partition() == partition.partition()
                    && (file.get().temporary() || file.get().startOffset() >= committedOffset)) {
                LOG.info("Removing {} left by an earlier run: its records are after the committed offset {}",
                        relativePath, committedOffset);
                storage.delete(relativePath);
            }
        }
    }

    /**
     * Adds a record; returns whether a new file had to be opened for it.
     */
    boolean write(long offset, IndexedRecord record, Instant now) throws IOException {
        Instant time = (Instant) record.get(partitionTimePosition);
        boolean opened = fileFor(offset, time.toEpochMilli(), null, now);
        target.write(record, now);
        recordsSinceRoll++;
        return opened;
    }

    /**
     * Adds a row read from its Avro bytes (in the table's schema); returns whether a new file had to be opened for it.
     */
    boolean write(long offset, AvroBinaryRows.Row row, Instant now) throws IOException {
        boolean opened = fileFor(offset, row.longAt(partitionTimePosition), row, now);
        target.write(row, now);
        recordsSinceRoll++;
        return opened;
    }

    /**
     * Makes {@link #target} the file of the record at {@code offset} ({@code row} when it was read from Avro bytes,
     * else null: a record needs every column); returns whether it had to be opened. A file lacking a column the
     * record fills is committed first ({@link #commitEarly}), and a file with the wider columns starts at this offset.
     */
    private boolean fileFor(long offset, long timeMillis, AvroBinaryRows.Row row, Instant now) throws IOException {
        long hour = Math.floorDiv(timeMillis, HOUR_MILLIS);
        if (hour != lastHour) {
            lastDirectory = LakeLayout.relativeDirectory(table, Instant.ofEpochMilli(timeMillis));
            lastHour = hour;
        }
        OpenFile file = open.get(lastDirectory);
        if (file != null && !(row == null ? file.file().columns().isAll() : file.file().columns().hold(row))) {
            commitEarly(lastDirectory);
            file = null;
        }
        boolean opened = false;
        if (file == null) {
            FileColumns columns = columnsFor(row);
            String relativePath = lastDirectory + "/" + LakeLayout.fileName(partition.topic(), partition.partition(),
                    offset, parquet.codecExtension());
            Path finalPath = storage.localPath(relativePath);
            file = new OpenFile(ParquetPartFile.open(finalPath, LakeLayout.temporaryPath(finalPath), columns, parquet,
                    now), relativePath);
            open.put(lastDirectory, file);
            opened = true;
        }
        target = file.file();
        return opened;
    }

    /** The columns of a new file for {@code row} (all of them for a record), remembered for the next files. */
    private FileColumns columnsFor(AvroBinaryRows.Row row) {
        if (row == null) {
            rowColumns = FileColumns.all(table.schema());
        } else if (rowColumns == null) {
            rowColumns = FileColumns.of(table.schema(), row);
        } else if (!rowColumns.hold(row)) {
            rowColumns = rowColumns.with(row);
        }
        return rowColumns;
    }

    boolean shouldRoll(Instant now) {
        if (open.isEmpty()) {
            return false;
        }
        if (recordsSinceRoll >= roll.maxRecords()) {
            return true;
        }
        for (OpenFile current : open.values()) {
            ParquetPartFile file = current.file();
            if (file.dataSize() >= roll.maxBytes()
                    || Duration.between(file.openedAt(), now).compareTo(roll.maxOpen()) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Commits and publishes every open file; returns the offset to commit to Kafka, if it moved: the consumer's
     * {@code position}, every record before which was written and is now in the lake. The position rather than the
     * offset after the last record, so that a transaction's commit marker at the end of a partition counts as read:
     * the group's committed offset then reaches the partition's end, which an idle batch sink checks.
     */
    OptionalLong roll(long position) throws IOException {
        for (OpenFile current : open.values()) {
            current.commitAndPublish(storage);
        }
        open.clear();
        recordsSinceRoll = 0;
        if (position <= committedOffset) {
            return OptionalLong.empty();
        }
        committedOffset = position;
        return OptionalLong.of(position);
    }

    /** When the least recently written open file was last written, if any file is open. */
    Optional<Instant> leastRecentWrite() {
        return open.values().stream().map(current -> current.file().lastWrite()).min(Instant::compareTo);
    }

    /** Commits the file written to least recently, to bound the files open at once ({@link #commitEarly}). */
    void commitLeastRecentlyWritten() throws IOException {
        Map.Entry<String, OpenFile> oldest = null;
        for (Map.Entry<String, OpenFile> entry : open.entrySet()) {
            if (oldest == null || entry.getValue().file().lastWrite().isBefore(oldest.getValue().file().lastWrite())) {
                oldest = entry;
            }
        }
        if (oldest != null) {
            commitEarly(oldest.getKey());
        }
    }

    /**
     * Commits the open file of {@code directory} before the others; the Kafka offset is committed only at the next
     * {@link #roll()}, so after a crash recovery removes this file with the others.
     */
    private void commitEarly(String directory) throws IOException {
        open.remove(directory).commitAndPublish(storage);
    }

    int openFiles() {
        return open.size();
    }

    /** Drops the open files without committing them (on losing the partition to another sink). */
    void abort() throws IOException {
        for (OpenFile current : open.values()) {
            current.file().abort();
        }
        open.clear();
        recordsSinceRoll = 0;
    }

    TopicPartition partition() {
        return partition;
    }
}
