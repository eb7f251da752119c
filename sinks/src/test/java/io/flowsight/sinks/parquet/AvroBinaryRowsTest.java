package io.flowsight.sinks.parquet;

import io.flowsight.schemas.LakeTable;
import io.flowsight.schemas.TrustedAvroClasses;
import io.flowsight.sinks.LakeLayout;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.flowsight.testsupport.FramedAvro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A row read straight from its Avro bytes lands in the lake exactly as the same record written through parquet-avro:
 * the two files are byte for byte the same, for every flat table, with every field set, null, negative, empty or
 * outside ASCII.
 */
class AvroBinaryRowsTest {
    private static final int ROWS = 2_000;

    static {
        TrustedAvroClasses.install();
    }

    @TempDir
    Path directory;

    @Test
    void theFlatTablesAreReadFromBytesAndTheNestedOnesAsRecords() {
        List<LakeTable> flat = Arrays.stream(LakeTable.values())
                .filter(table -> AvroBinaryRows.of(table.schema()).isPresent()).toList();

        assertThat(flat).containsExactlyInAnyOrder(LakeTable.VPC_FLOW_LOGS, LakeTable.REJECTED_TRAFFIC,
                LakeTable.DEAD_LETTERS, LakeTable.BLOCKLIST_CHANGES);
    }

    @ParameterizedTest
    @EnumSource(value = LakeTable.class, names = {"VPC_FLOW_LOGS", "REJECTED_TRAFFIC", "DEAD_LETTERS",
            "BLOCKLIST_CHANGES"})
    void aFileWrittenFromBytesIsTheFileWrittenFromRecords(LakeTable table) throws Exception {
        Schema schema = table.schema();
        AvroBinaryRows rows = AvroBinaryRows.of(schema).orElseThrow();
        List<IndexedRecord> records = records(schema);

        Path fromRecords = directory.resolve("records.zstd.parquet");
        ParquetPartFile recordFile = open(fromRecords, schema);
        for (IndexedRecord record : records) {
            recordFile.write(record, Instant.EPOCH);
        }
        recordFile.commit();
        Path fromBytes = directory.resolve("bytes.zstd.parquet");
        ParquetPartFile bytesFile = open(fromBytes, schema);
        for (IndexedRecord record : records) {
            bytesFile.write(rows.read(FramedAvro.value(record), 5), Instant.EPOCH);
        }
        bytesFile.commit();

        assertThat(Files.readAllBytes(fromBytes)).isEqualTo(Files.readAllBytes(fromRecords));
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement();
             ResultSet count = sql.executeQuery("SELECT count(*) FROM read_parquet('" + fromBytes + "')")) {
            count.next();
            assertThat(count.getLong(1)).isEqualTo(ROWS);
        }
    }

    @ParameterizedTest
    @EnumSource(value = LakeTable.class, names = {"VPC_FLOW_LOGS", "REJECTED_TRAFFIC", "DEAD_LETTERS",
            "BLOCKLIST_CHANGES"})
    void aFileOfOnlyTheColumnsItsRowsFillReadsBackAsTheSameRecords(LakeTable table) throws Exception {
        Schema schema = table.schema();
        AvroBinaryRows rows = AvroBinaryRows.of(schema).orElseThrow();
        List<IndexedRecord> records = records(schema);
        // Every fourth nullable field is null in every row: columns no row fills.
        for (IndexedRecord record : records) {
            schema.getFields().stream().filter(field -> field.schema().isUnion() && field.pos() % 4 == 1)
                    .forEach(field -> record.put(field.pos(), null));
        }
        FileColumns columns = null;
        for (IndexedRecord record : records) {
            AvroBinaryRows.Row row = rows.read(FramedAvro.value(record), 5);
            columns = columns == null ? FileColumns.of(schema, row) : columns.hold(row) ? columns : columns.with(row);
        }
        long emptyColumns = schema.getFields().stream().filter(field -> field.schema().isUnion() && field.pos() % 4 == 1)
                .count();

        Path file = directory.resolve("filled.zstd.parquet");
        ParquetPartFile filled = ParquetPartFile.open(file, LakeLayout.temporaryPath(file), columns,
                ParquetSettings.DEFAULT, Instant.EPOCH);
        for (IndexedRecord record : records) {
            filled.write(rows.read(FramedAvro.value(record), 5), Instant.EPOCH);
        }
        filled.commit();

        assertThat(columns.isAll()).isEqualTo(emptyColumns == 0);
        assertThat(columns.schema().getFields()).hasSize(schema.getFields().size() - (int) emptyColumns);
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.set("parquet.avro.read.schema", schema.toString());
        List<String> read = new ArrayList<>();
        try (ParquetReader<IndexedRecord> reader = AvroParquetReader.<IndexedRecord>builder(new LocalInputFile(file),
                conf).withDataModel(SpecificData.getForSchema(schema)).withCodecFactory(new PageCodecs()).build()) {
            for (IndexedRecord record = reader.read(); record != null; record = reader.read()) {
                read.add(record.toString());
            }
        }
        assertThat(read).containsExactlyElementsOf(records.stream().map(Object::toString).toList());
    }

    @Test
    void aFileOfSomeColumnsRefusesARecordAndTellsWhichRowsItHolds() throws Exception {
        Schema schema = LakeTable.VPC_FLOW_LOGS.schema();
        AvroBinaryRows rows = AvroBinaryRows.of(schema).orElseThrow();
        IndexedRecord withoutVpc = record(schema, 3);
        withoutVpc.put(schema.getField("vpc_id").pos(), null);
        IndexedRecord withVpc = record(schema, 3);
        withVpc.put(schema.getField("vpc_id").pos(), "vpc-0a1b");
        FileColumns columns = FileColumns.of(schema, rows.read(FramedAvro.value(withoutVpc), 5));

        assertThat(columns.hold(rows.read(FramedAvro.value(withoutVpc), 5))).isTrue();
        assertThat(columns.hold(rows.read(FramedAvro.value(withVpc), 5))).isFalse();
        assertThat(columns.with(rows.read(FramedAvro.value(withVpc), 5)).schema().getFields())
                .hasSize(columns.schema().getFields().size() + 1);
        Path file = directory.resolve("some.zstd.parquet");
        ParquetPartFile some = ParquetPartFile.open(file, LakeLayout.temporaryPath(file), columns,
                ParquetSettings.DEFAULT, Instant.EPOCH);
        assertThatThrownBy(() -> some.write(withoutVpc, Instant.EPOCH)).isInstanceOf(IllegalStateException.class);
        some.abort();
    }

    @Test
    void theTimeThatChoosesTheFilesPartitionIsReadFromTheBytes() throws Exception {
        Schema schema = LakeTable.VPC_FLOW_LOGS.schema();
        IndexedRecord record = record(schema, 7);
        int position = LakeTable.VPC_FLOW_LOGS.partitionTimePosition();

        AvroBinaryRows.Row row = AvroBinaryRows.of(schema).orElseThrow().read(FramedAvro.value(record), 5);

        assertThat(Instant.ofEpochMilli(row.longAt(position))).isEqualTo(record.get(position));
    }

    @Test
    void aValueCutShortWithAnUnknownBranchOrAnImpossibleLengthIsRefusedWithTheField() throws Exception {
        Schema flows = LakeTable.VPC_FLOW_LOGS.schema();
        byte[] value = FramedAvro.value(record(flows, 1));
        Schema tiny = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"T\",\"fields\":["
                + "{\"name\":\"n\",\"type\":\"long\"},{\"name\":\"s\",\"type\":[\"null\",\"string\"]}]}");
        AvroBinaryRows rows = AvroBinaryRows.of(tiny).orElseThrow();

        assertThatThrownBy(() -> AvroBinaryRows.of(flows).orElseThrow().read(Arrays.copyOf(value, value.length - 3), 5))
                .isInstanceOf(SerializationException.class);
        assertThat(rows.read(new byte[]{2, 2, 2, 'h'}, 0).longAt(0)).isEqualTo(1);
        assertThatThrownBy(() -> rows.read(new byte[]{2, 8, 2, 'h'}, 0)).isInstanceOf(SerializationException.class)
                .hasMessage("field s has union branch 4");
        assertThatThrownBy(() -> rows.read(new byte[]{2, 2, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f},
                0)).isInstanceOf(SerializationException.class).hasMessage("field s has length 2147483647 with 0 bytes left");
    }

    @Test
    void aWriterSchemaReadsAsTheTableWhenItEncodesTheSameWay() {
        Schema table = LakeTable.REJECTED_TRAFFIC.schema();
        AvroBinaryRows rows = AvroBinaryRows.of(table).orElseThrow();
        Schema documentedDifferently = new Schema.Parser().parse(table.toString().replace("\"doc\"", "\"x-doc\""));
        Schema withAnExtraField = new Schema.Parser().parse(table.toString()
                .replaceFirst("\"fields\"\\s*:\\s*\\[", "\"fields\":[{\"name\":\"extra\",\"type\":\"int\"},"));

        assertThat(rows.reads(table)).isTrue();
        assertThat(rows.reads(documentedDifferently)).isTrue();
        assertThat(rows.reads(withAnExtraField)).isFalse();
    }

    private ParquetPartFile open(Path file, Schema schema) throws Exception {
        return ParquetPartFile.open(file, LakeLayout.temporaryPath(file), schema, ParquetSettings.DEFAULT,
                Instant.EPOCH);
    }

    private static List<IndexedRecord> records(Schema schema) {
        List<IndexedRecord> records = new ArrayList<>();
        for (int seed = 0; seed < ROWS; seed++) {
            records.add(record(schema, seed));
        }
        return records;
    }

    /** A record of {@code schema} with every field set from {@code seed}; about a third of the nullable ones null. */
    private static IndexedRecord record(Schema schema, int seed) {
        IndexedRecord record = (IndexedRecord) SpecificData.getForSchema(schema).newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            int pos = field.pos();
            Schema type = field.schema();
            if (type.isUnion()) {
                if ((pos + seed) % 3 == 0) {
                    record.put(pos, null);
                    continue;
                }
                type = type.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
            }
            record.put(pos, value(type, pos, seed));
        }
        return record;
    }

    private static Object value(Schema type, int pos, int seed) {
        long sign = seed % 2 == 0 ? 1 : -1;
        return switch (type.getType()) {
            case BOOLEAN -> (pos + seed) % 2 == 0;
            case INT -> (int) (sign * (pos * 7919L + seed * 104_729L) % Integer.MAX_VALUE);
            case LONG -> type.getLogicalType() instanceof LogicalTypes.TimestampMillis
                    ? Instant.ofEpochMilli(1_764_000_000_000L + seed * 61_000L + pos)
                    : sign * (pos * 1_000_000_007L + seed * 998_244_353L);
            case DOUBLE -> sign * (pos + seed / 7.0);
            case FLOAT -> (float) (sign * (pos + seed / 3.0));
            case STRING -> seed % 11 == 0 ? "" : "v" + pos + "·é✓" + (seed % 97);
            case BYTES -> ByteBuffer.wrap(("b" + pos + "\u0000" + seed).getBytes(StandardCharsets.UTF_8));
            default -> throw new IllegalArgumentException("no test value for " + type);
        };
    }
}
