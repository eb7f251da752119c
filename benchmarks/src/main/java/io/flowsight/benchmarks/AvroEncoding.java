package io.flowsight.benchmarks;

import io.flowsight.schemas.TrustedAvroClasses;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Avro binary encoding into a reused buffer, as the producer's serializer does per record. */
final class AvroEncoding<T extends SpecificRecord> {
    private final SpecificDatumWriter<T> writer;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    private BinaryEncoder encoder;

    AvroEncoding(Schema schema) {
        TrustedAvroClasses.install();
        this.writer = new SpecificDatumWriter<>(schema);
    }

    int encode(T record) throws IOException {
        buffer.reset();
        encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
        writer.write(record, encoder);
        return buffer.size();
    }
}
