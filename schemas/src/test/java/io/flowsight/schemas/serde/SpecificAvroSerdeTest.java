package io.flowsight.schemas.serde;

import io.flowsight.schemas.Topic;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.schemas.registry.RestSchemaRegistryClient;
import io.flowsight.schemas.registry.SchemaRegistryClient;
import io.flowsight.schemas.registry.local.LocalSchemaRegistry;
import io.flowsight.schemas.registry.local.SchemaRegistryHttpServer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecificAvroSerdeTest {
    static final String TOPIC = Topic.RAW_VPCFLOW.topicName();

    @TempDir
    Path directory;
    LocalSchemaRegistry registry;
    SchemaRegistryHttpServer server;
    SchemaRegistryClient client;

    @BeforeEach
    void startRegistry() {
        registry = LocalSchemaRegistry.open(directory);
        server = SchemaRegistryHttpServer.start(registry, "127.0.0.1", 0, null);
        client = RestSchemaRegistryClient.forUrl(server.url());
    }

    @AfterEach
    void stopRegistry() {
        server.close();
        registry.close();
    }

    static VpcFlowLog sampleFlow() {
        // First record of AWS's "accepted and rejected traffic" example (default v2 format).
        return VpcFlowLog.newBuilder()
                .setVersion(2).setAccountId("123456789010").setInterfaceId("eni-1235b8ca123456789")
                .setSrcaddr("172.31.16.139").setDstaddr("172.31.16.21").setSrcport(20641).setDstport(22)
                .setProtocol(6L).setPackets(20L).setBytes(4249L).setStart(1418530010L).setEnd(1418530070L)
                .setAction("ACCEPT").setLogStatus("OK")
                .setEventTime(Instant.ofEpochSecond(1418530010L))
                .build();
    }

    Map<String, Object> config(Object... extra) {
        Map<String, Object> config = new java.util.HashMap<>();
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url());
        for (int i = 0; i < extra.length; i += 2) {
            config.put((String) extra[i], extra[i + 1]);
        }
        return config;
    }

    @Test
    void writesTheConfluentWireFormatWithTheRegisteredId() {
        try (SpecificAvroSerde<VpcFlowLog> serde = SpecificAvroSerde.of(VpcFlowLog.class, config(), false)) {
            byte[] bytes = serde.serializer().serialize(TOPIC, sampleFlow());

            int registeredId = client.latest(TOPIC + "-value").id();
            assertThat(bytes[0]).isEqualTo((byte) 0);
            assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registeredId);
            assertThat(client.schemaById(registeredId)).isEqualTo(VpcFlowLog.getClassSchema());
            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(sampleFlow());
        }
    }

    @Test
    void keysUseTheKeySubject() {
        try (SpecificAvroSerde<VpcFlowLog> serde = SpecificAvroSerde.of(VpcFlowLog.class, config(), true)) {
            serde.serializer().serialize(TOPIC, sampleFlow());
        }
        assertThat(client.subjects()).containsExactly(TOPIC + "-key");
    }

    @Test
    void aReaderOnV2ReadsRecordsWrittenWithV1() throws Exception {
        // v1: the same record without the fields a later version added (here: everything after traffic_path).
        Schema v1 = withoutFieldsAfter(VpcFlowLog.getClassSchema(), "traffic_path");
        int v1Id = client.register(TOPIC + "-value", v1);
        GenericRecord written = new GenericData.Record(v1);
        VpcFlowLog expected = sampleFlow();
        for (Schema.Field field : v1.getFields()) {
            written.put(field.name(), expected.get(field.name()));
        }
        written.put("event_time", expected.getEventTime().toEpochMilli());
        byte[] bytes = frame(v1Id, v1, written);

        try (SpecificAvroDeserializer<VpcFlowLog> reader = new SpecificAvroDeserializer<>(client, VpcFlowLog.class)) {
            reader.configure(config(), false);
            VpcFlowLog read = reader.deserialize(TOPIC, bytes);
            assertThat(read).isEqualTo(expected);
            assertThat(read.getRejectReason()).as("field added in v2 takes its default").isNull();
        }
    }

    @Test
    void aReaderOnV1ReadsRecordsWrittenWithV2() throws Exception {
        byte[] bytes;
        try (SpecificAvroSerde<VpcFlowLog> serde = SpecificAvroSerde.of(VpcFlowLog.class, config(), false)) {
            bytes = serde.serializer().serialize(TOPIC, sampleFlow());
        }
        Schema v1 = withoutFieldsAfter(VpcFlowLog.getClassSchema(), "traffic_path");
        Schema writer = client.schemaById(ByteBuffer.wrap(bytes, 1, 4).getInt());
        GenericRecord read = new GenericDatumReader<GenericRecord>(writer, v1).read(null,
                DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        assertThat(read.get("srcaddr").toString()).isEqualTo("172.31.16.139");
        assertThat(read.get("bytes")).isEqualTo(4249L);
        assertThat(read.getSchema().getField("reject_reason")).isNull();
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsAClearError() {
        try (SpecificAvroSerde<VpcFlowLog> serde = SpecificAvroSerde.of(VpcFlowLog.class,
                config(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false), false)) {
            assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, sampleFlow()))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("not registered under subject '" + TOPIC + "-value'")
                    .hasMessageContaining("auto.register.schemas");
            client.register(TOPIC + "-value", VpcFlowLog.getClassSchema());
            assertThat(serde.serializer().serialize(TOPIC, sampleFlow())).startsWith(0);
        }
    }

    @Test
    void useLatestVersionWritesWithTheLatestSchema() throws Exception {
        Schema v1 = withoutFieldsAfter(VpcFlowLog.getClassSchema(), "traffic_path");
        client.register(TOPIC + "-value", VpcFlowLog.getClassSchema());
        int latestId = client.register(TOPIC + "-value", v1);
        try (SpecificAvroSerde<VpcFlowLog> serde = SpecificAvroSerde.of(VpcFlowLog.class, config(
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false,
                AvroSerdeConfig.USE_LATEST_VERSION_CONFIG, true), false)) {
            byte[] bytes = serde.serializer().serialize(TOPIC, sampleFlow());
            assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latestId);
            GenericRecord asLatest = new GenericDatumReader<GenericRecord>(v1).read(null,
                    DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
            assertThat(asLatest.get("dstport")).isEqualTo(22);
            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(sampleFlow());
        }
    }

    @Test
    void bytesThatAreNotWireFormatAreRejectedWithTheReason() {
        try (SpecificAvroSerde<VpcFlowLog> serde = SpecificAvroSerde.of(VpcFlowLog.class, config(), false)) {
            assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, "{\"srcaddr\":1}".getBytes()))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte 0");
            assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[]{0, 0, 0, 0, 42, 1}))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("schema id 42");
            assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
        }
    }

    @Test
    void theDeserializerFindsTheClassFromTheWriterSchemaWhenNoneIsConfigured() {
        byte[] bytes;
        try (SpecificAvroSerde<VpcFlowLog> serde = SpecificAvroSerde.of(VpcFlowLog.class, config(), false)) {
            bytes = serde.serializer().serialize(TOPIC, sampleFlow());
        }
        try (SpecificAvroDeserializer<VpcFlowLog> reflective = new SpecificAvroDeserializer<>()) {
            reflective.configure(config(), false);
            assertThat(reflective.deserialize(TOPIC, bytes)).isEqualTo(sampleFlow());
        }
    }

    static Schema withoutFieldsAfter(Schema schema, String lastKept) {
        int last = schema.getField(lastKept).pos();
        java.util.List<Schema.Field> fields = new java.util.ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            if (field.pos() <= last || field.name().equals("event_time")) {
                fields.add(new Schema.Field(field, field.schema()));
            }
        }
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    static byte[] frame(int id, Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[5];
        ConfluentWireFormat.writeHeader(header, id);
        out.write(header);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

}
