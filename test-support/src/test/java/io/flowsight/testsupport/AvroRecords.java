package io.flowsight.testsupport;

import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.schemas.serde.AvroSerdeConfig;
import io.flowsight.schemas.serde.SpecificAvroDeserializer;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Produces and consumes flow records through a real cluster with FlowSight's serde, for the integration tests. */
final class AvroRecords {
    private AvroRecords() {
    }

    /** {@code count} distinct flow records modelled on AWS's default-format example line. */
    static List<VpcFlowLog> flows(int count) {
        List<VpcFlowLog> flows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = 1418530010L + i;
            flows.add(VpcFlowLog.newBuilder()
                    .setVersion(2).setAccountId("123456789010").setInterfaceId("eni-1235b8ca123456789")
                    .setSrcaddr("172.31.16." + (i % 250)).setDstaddr("172.31.16.21").setSrcport(20641 + i)
                    .setDstport(22).setProtocol(6L).setPackets(20L + i).setBytes(4249L + i).setStart(start)
                    .setEnd(start + 60).setAction(i % 7 == 0 ? "REJECT" : "ACCEPT").setLogStatus("OK")
                    .setEventTime(Instant.ofEpochSecond(start))
                    .build());
        }
        return flows;
    }

    static void createTopic(String bootstrapServers, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(Set.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            TopicLeaders.await(admin, List.of(topic), Duration.ofSeconds(30));
        }
    }

    static void produce(String bootstrapServers, String registryUrl, String topic, List<VpcFlowLog> flows)
            throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, SpecificAvroSerializer.class,
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);
        try (KafkaProducer<String, VpcFlowLog> producer = new KafkaProducer<>(config)) {
            for (VpcFlowLog flow : flows) {
                producer.send(new ProducerRecord<>(topic, flow.getSrcaddr(), flow));
            }
            producer.flush();
        }
    }

    /** Reads {@code expected} records of {@code topic} from the beginning, waiting at most {@code timeout}. */
    static List<ConsumerRecord<String, VpcFlowLog>> consume(String bootstrapServers, String registryUrl,
                                                              String topic, int expected, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic + "-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, SpecificAvroDeserializer.class,
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl,
                AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE_CONFIG, VpcFlowLog.class);
        List<ConsumerRecord<String, VpcFlowLog>> records = new ArrayList<>();
        try (KafkaConsumer<String, VpcFlowLog> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
