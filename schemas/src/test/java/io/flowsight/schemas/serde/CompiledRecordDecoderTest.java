package io.flowsight.schemas.serde;

import io.flowsight.schemas.TrustedAvroClasses;
import io.flowsight.schemas.VpcFlowLog;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compiled decoder reads the records Avro's own reader reads, for every FlowSight record. */
class CompiledRecordDecoderTest {
    static {
        TrustedAvroClasses.install();
    }

    @TestFactory
    Stream<DynamicTest> sameRecordsAsAvroForRandomRecordsOfEverySchema() {
        return CompiledRecordEncoderTest.forRandomRecordsOfEverySchema((schema, record, i) -> {
            SpecificData data = SpecificData.getForSchema(schema);
            DatumReader<Object> compiled = CompiledRecordDecoder.compile(schema, data).orElseThrow();
            byte[] bytes = encode(schema, record);

            Object expected = new SpecificDatumReader<>(schema, schema, data).read(null,
                    DecoderFactory.get().binaryDecoder(bytes, null));
            Object actual = compiled.read(null, DecoderFactory.get().binaryDecoder(bytes, null));

            assertThat(actual).as("record %d", i).isEqualTo(expected).hasSameClassAs(expected)
                    .hasToString(expected.toString());
        });
    }

    @Test
    void schemasWithTypesItDoesNotCoverAreLeftToAvro() {
        for (Schema schema : CompiledRecordEncoderTest.UNCOVERED) {
            assertThat(CompiledRecordDecoder.compile(schema, SpecificData.get())).as(schema.toString()).isEmpty();
        }
    }

    @Test
    void aValueCutShortOrWithAnUnknownBranchFails() throws Exception {
        Schema schema = VpcFlowLog.getClassSchema();
        DatumReader<Object> compiled = CompiledRecordDecoder.compile(schema, SpecificData.getForSchema(schema))
                .orElseThrow();
        byte[] bytes = encode(schema, CompiledRecordEncoderTest.randomValue(schema, new Random(3)));

        assertThatThrownBy(() -> compiled.read(null, DecoderFactory.get().binaryDecoder(
                Arrays.copyOf(bytes, bytes.length / 2), null))).isInstanceOf(EOFException.class);
        byte[] thirdBranch = bytes.clone();
        thirdBranch[0] = 4;
        assertThatThrownBy(() -> compiled.read(null, DecoderFactory.get().binaryDecoder(thirdBranch, null)))
                .isInstanceOf(AvroRuntimeException.class).hasMessage("Union branch 2 of a two-branch union");
    }

    private static byte[] encode(Schema schema, Object record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema)).write(record, encoder);
        return out.toByteArray();
    }
}
