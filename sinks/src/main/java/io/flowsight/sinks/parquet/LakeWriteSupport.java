package io.flowsight.sinks.parquet;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * parquet-avro's write support, which also takes rows read straight from Avro bytes ({@link AvroBinaryRows.Row}):
 * one file's rows may come either way, into the same columns, with the same file metadata (the Avro schema readers
 * such as parquet-avro look for).
 */
final class LakeWriteSupport extends WriteSupport<Object> {
    private final AvroWriteSupport<Object> records;
    private final int[] filePositions;
    private RecordConsumer consumer;

    LakeWriteSupport(FileColumns columns, GenericData model, ParquetConfiguration conf) {
        Schema schema = columns.schema();
        this.records = new AvroWriteSupport<>(new AvroSchemaConverter(conf).convert(schema), schema, model);
        this.filePositions = columns.filePositions();
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return records.init(configuration);
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return records.init(configuration);
    }

    @Override
    public String getName() {
        return records.getName();
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
        records.prepareForWrite(recordConsumer);
    }

    @Override
    public void write(Object row) {
        if (row instanceof AvroBinaryRows.Row binary) {
            binary.writeTo(consumer, filePositions);
        } else {
            records.write(row);
        }
    }

    @Override
    public FinalizedWriteContext finalizeWrite() {
        return records.finalizeWrite();
    }
}
