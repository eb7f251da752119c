package io.flowsight.schemas.serde;

import io.flowsight.schemas.Topic;
import io.flowsight.schemas.TrustedAvroClasses;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compiled encoder writes exactly the bytes Avro's own writer writes, for every FlowSight record. */
class CompiledRecordEncoderTest {
    static {
        TrustedAvroClasses.install();
    }

    @TestFactory
    Stream<DynamicTest> sameBytesAsAvroForRandomRecordsOfEverySchema() {
        return forRandomRecordsOfEverySchema((schema, record, i) -> {
            CompiledRecordEncoder compiled = CompiledRecordEncoder.compile(schema).orElseThrow();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            BinaryEncoder avroEncoder = EncoderFactory.get().directBinaryEncoder(expected, null);
            new SpecificDatumWriter<>(schema, SpecificData.get()).write(record, avroEncoder);
            ByteArrayOutputStream actual = new ByteArrayOutputStream();
            BinaryEncoder ours = EncoderFactory.get().directBinaryEncoder(actual, null);
            compiled.write((IndexedRecord) record, ours);
            assertThat(actual.toByteArray()).as("record %d: %s", i, record).isEqualTo(expected.toByteArray());
        });
    }

    /** What a test checks of one random record of a schema. */
    interface RecordCheck {
        void check(Schema schema, Object record, int index) throws Exception;
    }

    /** One test per FlowSight schema, checking 500 random records of it (seeded by the schema's name). */
    static Stream<DynamicTest> forRandomRecordsOfEverySchema(RecordCheck check) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            Schema schema = topic.valueSchema();
            tests.add(DynamicTest.dynamicTest(schema.getName(), () -> {
                Random random = new Random(schema.getName().hashCode());
                for (int i = 0; i < 500; i++) {
                    check.check(schema, randomValue(schema, random), i);
                }
            }));
        }
        return tests.stream();
    }

    /** Schemas with types the compiled coders do not cover: an enum, a date. */
    static final List<Schema> UNCOVERED = List.of(
            SchemaBuilder.record("R").fields().name("e").type().enumeration("E").symbols("A", "B").noDefault()
                    .endRecord(),
            SchemaBuilder.record("R").fields().name("d")
                    .type(LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT))).noDefault().endRecord());

    @Test
    void schemasWithTypesItDoesNotCoverAreLeftToAvro() {
        for (Schema schema : UNCOVERED) {
            assertThat(CompiledRecordEncoder.compile(schema)).as(schema.toString()).isEmpty();
        }
    }

    @Test
    void aNullInARequiredFieldNamesTheField() {
        Schema schema = Topic.ALERTS.valueSchema();
        IndexedRecord record = (IndexedRecord) SpecificData.get().newRecord(null, schema);
        CompiledRecordEncoder compiled = CompiledRecordEncoder.compile(schema).orElseThrow();
        assertThatThrownBy(() -> compiled.write(record, EncoderFactory.get().directBinaryEncoder(
                new ByteArrayOutputStream(), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Field SuspiciousIpAlert.alert_id cannot hold null");
    }

    static Object randomValue(Schema schema, Random random) {
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            return Instant.ofEpochMilli(random.nextLong(4_000_000_000_000L));
        }
        return switch (schema.getType()) {
            case UNION -> {
                Schema branch = schema.getTypes().get(random.nextInt(schema.getTypes().size()));
                yield branch.getType() == Schema.Type.NULL ? null : randomValue(branch, random);
            }
            case RECORD -> {
                IndexedRecord record = (IndexedRecord) SpecificData.get().newRecord(null, schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), randomValue(field.schema(), random));
                }
                yield record;
            }
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(randomValue(schema.getElementType(), random));
                }
                yield items;
            }
            case MAP -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    entries.put(randomString(random), randomValue(schema.getValueType(), random));
                }
                yield entries;
            }
            case STRING -> randomString(random);
            case INT -> random.nextInt();
            case LONG -> random.nextLong();
            case DOUBLE -> random.nextDouble() * 1e6 - 5e5;
            case BOOLEAN -> random.nextBoolean();
            case BYTES -> {
                byte[] bytes = new byte[random.nextInt(40)];
                random.nextBytes(bytes);
                yield ByteBuffer.wrap(bytes);
            }
            default -> throw new IllegalStateException("no generator for " + schema.getType());
        };
    }

    private static String randomString(Random random) {
        String alphabet = "abcXYZ019 -_:/.é中б🙂";
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(24); i > 0; i--) {
            text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                    random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        return text.toString();
    }
}
