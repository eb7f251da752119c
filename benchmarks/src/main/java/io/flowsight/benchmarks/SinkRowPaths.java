package io.flowsight.benchmarks;

import io.flowsight.schemas.LakeTable;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.schemas.serde.SpecificAvroDeserializer;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import io.flowsight.sinks.LakeLayout;
import io.flowsight.sinks.parquet.AvroBinaryRows;
import io.flowsight.sinks.parquet.FileColumns;
import io.flowsight.sinks.parquet.ParquetPartFile;
import io.flowsight.sinks.parquet.ParquetSettings;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lake sink's per-row work on flow logs, isolated from Kafka: the same Confluent-framed Avro values (encoded
 * before the clock starts, as the sink receives them) written into hourly ZSTD Parquet files three ways, alternating
 * in every round — decoded by Avro's resolving reader then written by parquet-avro (the sink before 2026-12-06), decoded
 * by FlowSight's compiled decoder then written by parquet-avro (the path values of another writer schema take), and
 * read straight from the bytes into Parquet's columns ({@link AvroBinaryRows}, the sink's path since). Rows per second
 * of one thread, medians, and each file set's size (the same for all three). A fourth path is the third into files of
 * only the columns the rows fill ({@link FileColumns}: 15 of 73 for default-format flow logs), as the sink writes them.
 *
 * <p>Usage: {@code java -Xmx3g -cp benchmarks/target/benchmarks.jar io.flowsight.benchmarks.SinkRowPaths [rows] [rounds]}
 */
public final class SinkRowPaths {
    private static final String TOPIC = "flowsight.raw.vpcflow";

    private interface RowWriter {
        void write(byte[] value, ParquetPartFile file, Instant now) throws Exception;
    }

    /** How a path writes a value, and whether its files hold only the columns their rows fill. */
    private record WritePath(RowWriter writer, boolean filledColumnsOnly) {
    }

    private SinkRowPaths() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Schema schema = VpcFlowLog.getClassSchema();
        FixedIdRegistry registry = new FixedIdRegistry(schema);
        SpecificAvroSerializer<VpcFlowLog> serializer = new SpecificAvroSerializer<>(registry);
        byte[][] values = new byte[rows][];
        Instant[] times = new Instant[rows];
        for (int i = 0; i < rows; i++) {
            VpcFlowLog flow = LakeWriteVersusDuckDb.row(i);
            values[i] = serializer.serialize(TOPIC, flow);
            times[i] = flow.getEventTime();
        }

        SpecificDatumReader<VpcFlowLog> avroReader = new SpecificDatumReader<>(schema, schema,
                SpecificData.getForSchema(schema));
        BinaryDecoder[] decoder = new BinaryDecoder[1];
        SpecificAvroDeserializer<VpcFlowLog> compiled = new SpecificAvroDeserializer<>(registry, VpcFlowLog.class);
        AvroBinaryRows straight = AvroBinaryRows.of(schema).orElseThrow();
        Map<String, WritePath> paths = new LinkedHashMap<>();
        paths.put("Avro's reader + parquet-avro", new WritePath((value, file, now) -> {
            decoder[0] = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, decoder[0]);
            file.write(avroReader.read(null, decoder[0]), now);
        }, false));
        paths.put("compiled decoder + parquet-avro", new WritePath((value, file, now) ->
                file.write(compiled.deserialize(TOPIC, value), now), false));
        paths.put("straight, all columns", new WritePath((value, file, now) -> file.write(straight.read(value, 5), now),
                false));
        paths.put("straight, filled columns", new WritePath((value, file, now) ->
                file.write(straight.read(value, 5), now), true));

        Path work = Files.createTempDirectory("flowsight-sink-paths");
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, WritePath> path : paths.entrySet()) {
                Path lake = work.resolve("round" + round);
                long start = System.nanoTime();
                write(lake, values, times, path.getValue().writer(), path.getValue().filledColumnsOnly());
                double seconds = (System.nanoTime() - start) / 1e9;
                long bytes = LakeWriteVersusDuckDb.sizeOf(lake);
                rates.computeIfAbsent(path.getKey(), key -> new ArrayList<>()).add(rows / seconds);
                System.out.printf("round %d: %-32s %,10.0f rows/s (%,d bytes)%n", round, path.getKey(), rows / seconds,
                        bytes);
                LakeWriteVersusDuckDb.delete(lake);
            }
        }
        double before = Median.of(rates.get("Avro's reader + parquet-avro"));
        rates.forEach((path, measured) -> System.out.printf("median: %-32s %,10.0f rows/s (%.2fx)%n", path,
                Median.of(measured), Median.of(measured) / before));
    }

    /** All values into one open file per hour, as one sink partition writes them; then every file committed. */
    private static void write(Path lake, byte[][] values, Instant[] times, RowWriter writer,
                              boolean filledColumnsOnly) throws Exception {
        Schema table = VpcFlowLog.getClassSchema();
        AvroBinaryRows firstRows = AvroBinaryRows.of(table).orElseThrow();
        LakeLayout layout = new LakeLayout(lake);
        Map<Path, ParquetPartFile> open = new LinkedHashMap<>();
        Instant now = Instant.now();
        long lastHour = Long.MIN_VALUE;
        ParquetPartFile file = null;
        for (int i = 0; i < values.length; i++) {
            long hour = times[i].getEpochSecond() / 3600;
            if (hour != lastHour) {
                Path directory = layout.partitionDirectory(LakeTable.VPC_FLOW_LOGS, times[i]);
                file = open.get(directory);
                if (file == null) {
                    Path target = directory.resolve(LakeLayout.fileName(TOPIC, 0, i, "zstd"));
                    FileColumns columns = filledColumnsOnly ? FileColumns.of(table, firstRows.read(values[i], 5))
                            : FileColumns.all(table);
                    file = ParquetPartFile.open(target, LakeLayout.temporaryPath(target), columns,
                            ParquetSettings.DEFAULT, now);
                    open.put(directory, file);
                }
                lastHour = hour;
            }
            writer.write(values[i], file, now);
        }
        for (ParquetPartFile part : open.values()) {
            part.commit();
        }
    }
}
