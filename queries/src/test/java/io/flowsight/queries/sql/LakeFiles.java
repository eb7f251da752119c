package io.flowsight.queries.sql;

import io.flowsight.schemas.LakeTable;
import io.flowsight.sinks.LakeLayout;
import io.flowsight.sinks.parquet.ParquetPartFile;
import io.flowsight.sinks.parquet.ParquetSettings;
import org.apache.avro.generic.IndexedRecord;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Writes records into a lake the way the sink does: one Parquet file per call, in the partition of {@code time}. */
final class LakeFiles {
    private final LakeLayout layout;
    private long nextOffset;

    LakeFiles(Path lake) {
        this.layout = new LakeLayout(lake);
    }

    void write(LakeTable table, Instant time, List<? extends IndexedRecord> records) throws Exception {
        Path target = layout.partitionDirectory(table, time)
                .resolve(LakeLayout.fileName(table.topic().topicName("flowsight"), 0, nextOffset, "zstd"));
        nextOffset += records.size();
        ParquetPartFile file = ParquetPartFile.open(target, LakeLayout.temporaryPath(target), table.schema(),
                ParquetSettings.DEFAULT, time);
        for (IndexedRecord record : records) {
            file.write(record, time);
        }
        file.commit();
    }
}
