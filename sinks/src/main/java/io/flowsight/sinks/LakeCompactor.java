package io.flowsight.sinks;

import io.flowsight.schemas.LakeTable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowsight.schemas.TrustedAvroClasses;
import io.flowsight.sinks.parquet.PageCodecs;
import io.flowsight.sinks.parquet.ParquetPartFile;
import io.flowsight.sinks.parquet.ParquetSettings;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Merges the small files of closed hourly partitions into large ones, which Athena and Trino scan far faster.
 *
 * <p>Only files the sink has committed are merged: a file named {@code topic+partition+start} whose start is
 * below the sink's committed offset for that partition. The merged file is named {@code compacted-<id>}, a name
 * the sink's crash recovery never touches. The swap is made crash-safe by a manifest written before the merged
 * file appears: a later run finds an unfinished manifest and completes it (the merged file is there: delete the
 * sources) or undoes it (it is not: delete the temporary file). A query that lists a partition in the
 * milliseconds between the merged file's appearance and the sources' removal can count those rows twice.
 */
public final class LakeCompactor {
    private static final Logger LOG = LoggerFactory.getLogger(LakeCompactor.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MANIFEST_PREFIX = "_compaction-";

    static {
        TrustedAvroClasses.install();
    }

    /** What one run did. */
    public record Result(int partitions, int filesMerged, int filesWritten, long rows) {
    }

    private final LakeLayout layout;
    private final ParquetSettings parquet;
    private final Clock clock;

    public LakeCompactor(LakeLayout layout, ParquetSettings parquet, Clock clock) {
        this.layout = layout;
        this.parquet = parquet;
        this.clock = clock;
    }

    /**
     * Compacts every partition of {@code table} older than {@code closedAfter} that has at least two committed
     * files.
     *
     * @param committed the sink's committed offset per "topic+partition"; files at or beyond it are left alone
     */
    public Result compact(LakeTable table, Duration closedAfter, Map<String, Long> committed) throws IOException {
        Instant closedBefore = clock.instant().minus(closedAfter);
        int partitions = 0;
        int merged = 0;
        int written = 0;
        long rows = 0;
        for (Path partition : partitionDirectories(table)) {
            finishUnfinished(partition);
            if (partitionEnd(partition).isAfter(closedBefore)) {
                continue;
            }
            List<Path> sources = committedFiles(partition, committed);
            if (sources.size() < 2) {
                continue;
            }
            rows += merge(table, partition, sources);
            partitions++;
            merged += sources.size();
            written++;
        }
        return new Result(partitions, merged, written, rows);
    }

    private long merge(LakeTable table, Path partition, List<Path> sources) throws IOException {
        String id = UUID.randomUUID().toString();
        Path target = partition.resolve("compacted-" + id + "." + parquet.codecExtension() + ".parquet");
        Path temporary = LakeLayout.temporaryPath(target);
        Path manifest = partition.resolve(MANIFEST_PREFIX + id + ".json");
        Instant now = clock.instant();
        ParquetPartFile out = ParquetPartFile.open(target, temporary, table.schema(), parquet, now);
        long rows = 0;
        try {
            // Read every file as a record of the table's schema, by column name: a file of some of the table's
            // columns (FileColumns) gives nulls for the others. The key is what AvroReadSupport.setAvroReadSchema
            // sets, which takes a Hadoop configuration.
            PlainParquetConfiguration conf = new PlainParquetConfiguration();
            conf.set("parquet.avro.read.schema", table.schema().toString());
            for (Path source : sources) {
                try (ParquetReader<IndexedRecord> reader = AvroParquetReader.<IndexedRecord>builder(
                                new LocalInputFile(source), conf)
                        .withDataModel(SpecificData.getForSchema(table.schema()))
                        .withCodecFactory(new PageCodecs()).build()) {
                    IndexedRecord record;
                    while ((record = reader.read()) != null) {
                        out.write(record, now);
                        rows++;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            out.abort();
            throw e;
        }
        writeManifest(manifest, target, sources);
        out.commit();
        for (Path source : sources) {
            Files.deleteIfExists(source);
        }
        Files.delete(manifest);
        LOG.info("Compacted {} files of {} into {} ({} rows)", sources.size(), partition, target.getFileName(), rows);
        return rows;
    }

    /** Completes or undoes a compaction a crash interrupted. */
    private void finishUnfinished(Path partition) throws IOException {
        List<Path> manifests;
        try (Stream<Path> files = Files.list(partition)) {
            manifests = files.filter(f -> f.getFileName().toString().startsWith(MANIFEST_PREFIX)).toList();
        }
        for (Path manifest : manifests) {
            JsonNode entry = JSON.readTree(manifest.toFile());
            Path target = partition.resolve(entry.path("target").asText());
            if (Files.exists(target)) {
                for (JsonNode source : entry.path("sources")) {
                    Files.deleteIfExists(partition.resolve(source.asText()));
                }
                LOG.info("Finished the compaction into {} that an earlier run started", target.getFileName());
            } else {
                Files.deleteIfExists(LakeLayout.temporaryPath(target));
                LOG.info("Undid the compaction into {} that an earlier run left unfinished", target.getFileName());
            }
            Files.delete(manifest);
        }
    }

    private static void writeManifest(Path manifest, Path target, List<Path> sources) throws IOException {
        ObjectNode entry = JSON.createObjectNode().put("target", target.getFileName().toString());
        ArrayNode names = entry.putArray("sources");
        sources.forEach(source -> names.add(source.getFileName().toString()));
        Files.write(manifest, JSON.writeValueAsBytes(entry));
        try (FileChannel channel = FileChannel.open(manifest, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private List<Path> committedFiles(Path partition, Map<String, Long> committed) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(partition)) {
            for (Path file : list.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("compacted-") && name.endsWith(".parquet")) {
                    files.add(file);
                    continue;
                }
                LakeLayout.parse(file).filter(data -> !data.temporary()).ifPresent(data -> {
                    Long offset = committed.get(data.topic() + "+" + data.partition());
                    if (offset != null && data.startOffset() < offset) {
                        files.add(file);
                    }
                });
            }
        }
        return files;
    }

    private List<Path> partitionDirectories(LakeTable table) throws IOException {
        Path directory = layout.tableDirectory(table);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        TreeMap<String, Path> partitions = new TreeMap<>();
        try (Stream<Path> days = Files.list(directory)) {
            for (Path day : days.filter(Files::isDirectory).toList()) {
                try (Stream<Path> hours = Files.list(day)) {
                    hours.filter(Files::isDirectory).forEach(hour -> partitions.put(hour.toString(), hour));
                }
            }
        }
        return new ArrayList<>(partitions.values());
    }

    /** The end of the hour a {@code dt=YYYY-MM-DD/hour=HH} directory holds. */
    static Instant partitionEnd(Path hourDirectory) {
        String hour = hourDirectory.getFileName().toString().substring("hour=".length());
        String day = hourDirectory.getParent().getFileName().toString().substring("dt=".length());
        return LocalDate.parse(day).atStartOfDay().toInstant(ZoneOffset.UTC).plus(Duration.ofHours(Integer.parseInt(hour) + 1));
    }
}
