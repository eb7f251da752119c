package io.flowsight.sinks;

import io.flowsight.schemas.DeadLetter;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.schemas.serde.AvroSerdeConfig;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import io.flowsight.schemas.registry.RestSchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import java.io.ByteArrayOutputStream;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.flowsight.testsupport.TopicLeaders;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink on a real broker: the lake read back with DuckDB holds every record once, in the right partitions. */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class LakeSinkIT {
    static final int FLOWS = 5_000;
    /** 2026-11-22T10:00:00Z; records spread over three hours. */
    static final long FIRST_START = 1795341600L;

    @TempDir
    Path lake;

    @Test
    void flowsLandOnceInHivePartitionsAndSurviveLeftoversOfACrash(KafkaCluster kafka, SchemaRegistryUrl registry)
            throws Exception {
        String prefix = "sink-" + UUID.randomUUID() + ".";
        String flowsTopic = prefix + "raw.vpcflow";
        String lettersTopic = prefix + "deadletter";
        createTopics(kafka, new NewTopic(flowsTopic, 2, (short) 1), new NewTopic(lettersTopic, 1, (short) 1));
        produce(kafka, registry, flowsTopic, lettersTopic);

        Map<String, Object> settings = sinkSettings(kafka, registry, prefix, "vpc_flow_logs,dead_letters");
        settings.put(SinkConfig.ROLL_MAX_RECORDS_CONFIG, "700");
        settings.put(SinkConfig.MAX_OPEN_FILES_CONFIG, "3");
        try (LakeSink sink = new LakeSink(new SinkConfig(settings), Clock.systemUTC())) {
            assertThat(sink.runUntilIdle(Duration.ofSeconds(3))).isEqualTo(FLOWS + 1);
        }

        assertThat(countFlows()).isEqualTo(FLOWS);
        assertThat(query("SELECT count(DISTINCT srcport) FROM flows")).isEqualTo(FLOWS);
        assertThat(query("SELECT count(*) FROM flows WHERE dt = '2026-11-22' AND hour = 11"))
                .as("flows i with i %% 3 == 1 start in hour 11").isEqualTo(1667);
        assertThat(query("SELECT count(*) FROM flows WHERE hour(event_time) <> CAST(hour AS INTEGER)")).isZero();
        assertThat(query("SELECT sum(bytes) FROM flows")).isEqualTo(sumOfBytes());
        assertThat(hiddenOrTemporaryFiles()).isEmpty();

        // What a crash between renaming files and committing offsets leaves: a file beyond the committed offset,
        // and a half-written temporary one. The next start removes both before consuming.
        Path someFile = dataFiles().get(0);
        Path leftover = someFile.resolveSibling(flowsTopic + "+0+99999.zstd.parquet");
        Files.copy(someFile, leftover);
        Path temporary = someFile.resolveSibling("." + flowsTopic + "+1+99998.zstd.parquet.tmp");
        Files.writeString(temporary, "half written");
        assertThat(countFlows()).as("the leftover duplicates records").isGreaterThan(FLOWS);
        try (LakeSink sink = new LakeSink(new SinkConfig(settings), Clock.systemUTC())) {
            assertThat(sink.runUntilIdle(Duration.ofSeconds(2))).as("nothing new to write").isZero();
        }
        assertThat(leftover).doesNotExist();
        assertThat(temporary).doesNotExist();
        assertThat(countFlows()).isEqualTo(FLOWS);

        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet letters = statement.executeQuery("SELECT reason, line_number, decode(payload) FROM read_parquet('"
                     + lake.resolve("dead_letters") + "/**/*.parquet', hive_partitioning = true, union_by_name = true)")) {
            assertThat(letters.next()).isTrue();
            assertThat(letters.getString(1)).isEqualTo("field_count");
            assertThat(letters.getLong(2)).isEqualTo(7);
            assertThat(letters.getString(3)).isEqualTo("not a flow");
            assertThat(letters.next()).isFalse();
        }
    }

    @Test
    void aFlowWrittenWithAnOlderSchemaLandsResolvedBesideCurrentOnes(KafkaCluster kafka, SchemaRegistryUrl registry)
            throws Exception {
        String prefix = "sink-" + UUID.randomUUID() + ".";
        String flowsTopic = prefix + "raw.vpcflow";
        createTopics(kafka, new NewTopic(flowsTopic, 1, (short) 1));
        // A producer of version 2 flow logs only: the first fourteen fields and the event time.
        Schema current = VpcFlowLog.getClassSchema();
        List<Schema.Field> versionTwoFields = new ArrayList<>();
        for (Schema.Field field : current.getFields()) {
            if (field.pos() < 14 || field.name().equals("event_time")) {
                versionTwoFields.add(new Schema.Field(field, field.schema()));
            }
        }
        Schema versionTwo = Schema.createRecord(current.getName(), null, current.getNamespace(), false,
                versionTwoFields);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
        int oldId;
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(new AvroSerdeConfig(config))) {
            oldId = client.register(flowsTopic + "-value", versionTwo);
        }
        GenericRecord old = new GenericData.Record(versionTwo);
        VpcFlowLog template = flow(1);
        for (Schema.Field field : versionTwoFields) {
            Object value = template.get(current.getField(field.name()).pos());
            old.put(field.name(), value instanceof Instant time ? time.toEpochMilli() : value);
        }
        old.put("bytes", 77L);
        ByteArrayOutputStream oldValue = new ByteArrayOutputStream();
        oldValue.write(new byte[]{0, (byte) (oldId >>> 24), (byte) (oldId >>> 16), (byte) (oldId >>> 8), (byte) oldId});
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(oldValue, null);
        new GenericDatumWriter<GenericRecord>(versionTwo).write(old, encoder);
        encoder.flush();
        SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
        values.configure(config, false);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            VpcFlowLog newer = flow(4);
            newer.setVpcId("vpc-0a1b2c");
            producer.send(new ProducerRecord<>(flowsTopic, "a", values.serialize(flowsTopic, newer)));
            producer.send(new ProducerRecord<>(flowsTopic, "b", oldValue.toByteArray()));
            producer.send(new ProducerRecord<>(flowsTopic, "c", values.serialize(flowsTopic, flow(7))));
        }

        Map<String, Object> settings = sinkSettings(kafka, registry, prefix, "vpc_flow_logs");
        try (LakeSink sink = new LakeSink(new SinkConfig(settings), Clock.systemUTC())) {
            assertThat(sink.runUntilIdle(Duration.ofSeconds(3))).isEqualTo(3);
        }

        assertThat(dataFiles()).as("all three start in hour 11: a file of the columns the current flow fills, then,"
                + " from the resolved record on, one of every column").hasSize(2);
        assertThat(query("SELECT count(*) FROM flows")).isEqualTo(3);
        assertThat(query("SELECT bytes FROM flows WHERE srcport = 1")).as("the old producer's flow").isEqualTo(77);
        assertThat(query("SELECT count(*) FROM flows WHERE srcport = 1 AND vpc_id IS NULL AND dstport = 443 "
                + "AND event_time = make_timestamp(" + flow(1).getEventTime().toEpochMilli() * 1000 + ")"))
                .isEqualTo(1);
        assertThat(query("SELECT count(*) FROM flows WHERE srcport = 4 AND vpc_id = 'vpc-0a1b2c'")).isEqualTo(1);
        assertThat(query("SELECT sum(bytes) FROM flows WHERE srcport IN (4, 7)")).isEqualTo(1004 + 1007);
    }

    /**
     * A crashed sink can still be a member when the group shares the partitions out, and keeps its share until its
     * session ends. A batch sink that went idle on its own share must not finish before the group hands that share
     * over: here a member that stops polling holds one of two partitions until {@code max.poll.interval.ms} ends its
     * membership.
     */
    @Test
    void anIdleBatchSinkWaitsForThePartitionsAStuckMemberOfItsGroupHeld(KafkaCluster kafka, SchemaRegistryUrl registry)
            throws Exception {
        String prefix = "stuck-" + UUID.randomUUID() + ".";
        String flowsTopic = prefix + "raw.vpcflow";
        createTopics(kafka, new NewTopic(flowsTopic, 2, (short) 1), new NewTopic(prefix + "deadletter", 1, (short) 1));
        produce(kafka, registry, flowsTopic, prefix + "deadletter");
        Map<String, Object> settings = sinkSettings(kafka, registry, prefix, "vpc_flow_logs");

        Map<String, Object> member = new HashMap<>();
        member.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        member.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "sink");
        member.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        member.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 8000);
        try (KafkaConsumer<byte[], byte[]> stuck = new KafkaConsumer<>(member, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            stuck.subscribe(List.of(flowsTopic));
            while (stuck.assignment().size() < 2) {
                stuck.poll(Duration.ofMillis(100));
            }
            // It keeps polling until the sink has joined and taken one partition, then stops.
            Thread holder = new Thread(() -> {
                while (stuck.assignment().size() != 1) {
                    stuck.poll(Duration.ofMillis(100));
                }
            });
            holder.start();
            try (LakeSink sink = new LakeSink(new SinkConfig(settings), Clock.systemUTC())) {
                assertThat(sink.runUntilIdle(Duration.ofSeconds(2))).isEqualTo(FLOWS);
            }
            holder.join();
        }
        assertThat(countFlows()).isEqualTo(FLOWS);
        assertThat(query("SELECT count(DISTINCT srcport) FROM flows")).isEqualTo(FLOWS);
    }

    /** Creates the topics and waits until each partition has a leader. */
    private static void createTopics(KafkaCluster kafka, NewTopic... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(topics)).all().get();
            TopicLeaders.await(admin, Arrays.stream(topics).map(NewTopic::name).toList(), Duration.ofSeconds(30));
        }
    }

    private Map<String, Object> sinkSettings(KafkaCluster kafka, SchemaRegistryUrl registry, String prefix,
                                             String tables) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(SinkConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(SinkConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
        settings.put(SinkConfig.LAKE_DIR_CONFIG, lake.toString());
        settings.put(SinkConfig.TOPIC_PREFIX_CONFIG, prefix);
        settings.put(SinkConfig.TABLES_CONFIG, tables);
        settings.put(SinkConfig.GROUP_ID_CONFIG, prefix + "sink");
        return settings;
    }

    static void produce(KafkaCluster kafka, SchemaRegistryUrl registry, String flowsTopic, String lettersTopic)
            throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
        SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
        values.configure(config, false);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int i = 0; i < FLOWS; i++) {
                VpcFlowLog flow = flow(i);
                producer.send(new ProducerRecord<>(flowsTopic, flow.getSrcaddr(), values.serialize(flowsTopic, flow)));
            }
            DeadLetter letter = DeadLetter.newBuilder().setSource("/logs/a.log").setLogType("vpcflow").setLineNumber(7L)
                    .setByteOffset(420L).setReason("field_count").setError("The line has 3 values ...")
                    .setPayload(ByteBuffer.wrap("not a flow".getBytes())).setRecordTime(null)
                    .setEventTime(Instant.parse("2026-11-22T10:30:00Z")).build();
            producer.send(new ProducerRecord<>(lettersTopic, "/logs/a.log", values.serialize(lettersTopic, letter)));
            producer.flush();
        }
    }

    /** Flow {@code i}: unique source port, start time spread over 10:00–12:59 UTC. */
    static VpcFlowLog flow(int i) {
        long start = FIRST_START + (i % 3) * 3600L + (i % 3600);
        return VpcFlowLog.newBuilder().setVersion(2).setAccountId("123456789010").setInterfaceId("eni-" + (i % 7))
                .setSrcaddr("10.0." + (i % 250) + "." + (i % 200)).setDstaddr("172.31.0.1").setSrcport(i)
                .setDstport(443).setProtocol(6L).setPackets(10L).setBytes(1000L + i).setStart(start)
                .setEnd(start + 60).setAction(i % 10 == 0 ? "REJECT" : "ACCEPT").setLogStatus("OK")
                .setEventTime(Instant.ofEpochSecond(start)).build();
    }

    static long sumOfBytes() {
        long sum = 0;
        for (int i = 0; i < FLOWS; i++) {
            sum += 1000L + i;
        }
        return sum;
    }

    private long countFlows() throws Exception {
        return query("SELECT count(*) FROM flows");
    }

    private long query(String sql) throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement()) {
            statement.execute("CREATE VIEW flows AS SELECT * FROM read_parquet('" + lake.resolve("vpc_flow_logs")
                    + "/**/*.parquet', hive_partitioning = true, union_by_name = true)");
            try (ResultSet result = statement.executeQuery(sql)) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private List<Path> dataFiles() throws Exception {
        try (Stream<Path> files = Files.walk(lake.resolve("vpc_flow_logs"))) {
            return files.filter(f -> f.toString().endsWith(".parquet")).sorted().toList();
        }
    }

    private List<Path> hiddenOrTemporaryFiles() throws Exception {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(lake)) {
            files.filter(f -> f.getFileName().toString().startsWith(".")).forEach(found::add);
        }
        return found;
    }

}
