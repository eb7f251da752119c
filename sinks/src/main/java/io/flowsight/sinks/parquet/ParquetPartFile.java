package io.flowsight.sinks.parquet;

import io.flowsight.schemas.TrustedAvroClasses;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One lake file being written: records go to a hidden temporary file, and {@link #commit()} makes it durable
 * and visible at its final name in one atomic rename, so readers see whole files or nothing.
 */
public final class ParquetPartFile {
    static {
        TrustedAvroClasses.install();
    }

    private final Path finalPath;
    private final Path temporaryPath;
    private final ParquetWriter<Object> writer;
    private final FileColumns columns;
    private final Instant openedAt;
    private Instant lastWrite;

    private ParquetPartFile(Path finalPath, Path temporaryPath, ParquetWriter<Object> writer, FileColumns columns,
                            Instant openedAt) {
        this.finalPath = finalPath;
        this.temporaryPath = temporaryPath;
        this.writer = writer;
        this.columns = columns;
        this.openedAt = openedAt;
        this.lastWrite = openedAt;
    }

    /** Starts a file that will be committed as {@code finalPath}. */
    public static ParquetPartFile open(Path finalPath, Path temporaryPath, Schema schema, ParquetSettings settings,
                                       Instant now) throws IOException {
        return open(finalPath, temporaryPath, FileColumns.all(schema), settings, now);
    }

    /** Starts a file of some of a flat table's columns, for rows read from Avro bytes that fill no others. */
    public static ParquetPartFile open(Path finalPath, Path temporaryPath, FileColumns columns,
                                       ParquetSettings settings, Instant now) throws IOException {
        Files.createDirectories(finalPath.getParent());
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        // Three-level LIST groups, the layout Athena, Trino and DuckDB expect for arrays.
        conf.set("parquet.avro.write-old-list-structure", "false");
        ParquetWriter<Object> writer = new Builder(new LocalOutputFile(temporaryPath), columns)
                .withConf(conf)
                .withCodecFactory(new PageCodecs())
                .withCompressionCodec(settings.codec())
                .withRowGroupSize(settings.rowGroupBytes())
                .withPageSize(settings.pageBytes())
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
        return new ParquetPartFile(finalPath, temporaryPath, writer, columns, now);
    }

    /** Writes a record; only a file of all the table's columns takes one. */
    public void write(IndexedRecord record, Instant now) throws IOException {
        if (!columns.isAll()) {
            throw new IllegalStateException("A file of some of the table's columns takes rows read from Avro bytes only");
        }
        writer.write(record);
        lastWrite = now;
    }

    /** The columns this file holds. */
    public FileColumns columns() {
        return columns;
    }

    /** Writes a row read straight from its Avro bytes, filling no column the file lacks ({@link FileColumns#hold}). */
    public void write(AvroBinaryRows.Row row, Instant now) throws IOException {
        writer.write(row);
        lastWrite = now;
    }

    /** Closes, fsyncs and renames the file to its final name, then fsyncs the directory. */
    public Path commit() throws IOException {
        writer.close();
        try (FileChannel channel = FileChannel.open(temporaryPath, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporaryPath, finalPath, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(finalPath.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
        return finalPath;
    }

    /** Closes and deletes the temporary file (its records will be read again from Kafka). */
    public void abort() throws IOException {
        try {
            writer.close();
        } finally {
            Files.deleteIfExists(temporaryPath);
        }
    }

    /** Bytes buffered and written so far: the size the file will roughly have. */
    public long dataSize() {
        return writer.getDataSize();
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Instant lastWrite() {
        return lastWrite;
    }

    /** parquet-avro's writer settings, with a write support that also takes rows read from Avro bytes. */
    private static final class Builder extends ParquetWriter.Builder<Object, Builder> {
        private final FileColumns columns;

        Builder(OutputFile file, FileColumns columns) {
            super(file);
            this.columns = columns;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            throw new UnsupportedOperationException("Lake files are written without Hadoop's configuration.");
        }

        @Override
        protected WriteSupport<Object> getWriteSupport(ParquetConfiguration conf) {
            return new LakeWriteSupport(columns, SpecificData.getForSchema(columns.schema()), conf);
        }
    }
}
