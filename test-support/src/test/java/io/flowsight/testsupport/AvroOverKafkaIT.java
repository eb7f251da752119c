package io.flowsight.testsupport;

import io.flowsight.schemas.Topic;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.schemas.registry.RestSchemaRegistryClient;
import io.flowsight.schemas.registry.SubjectNaming;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Avro records cross a real broker in the Confluent wire format, with their schema in the registry. */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class AvroOverKafkaIT {

    @Test
    void flowRecordsRoundTripThroughTheBrokerWithTheirKeys(KafkaCluster kafka, SchemaRegistryUrl registry)
            throws Exception {
        String topic = Topic.RAW_VPCFLOW.topicName("it-" + UUID.randomUUID() + ".");
        AvroRecords.createTopic(kafka.bootstrapServers(), topic, 3);
        List<VpcFlowLog> sent = AvroRecords.flows(500);

        AvroRecords.produce(kafka.bootstrapServers(), registry.url(), topic, sent);
        List<ConsumerRecord<String, VpcFlowLog>> received =
                AvroRecords.consume(kafka.bootstrapServers(), registry.url(), topic, sent.size(), Duration.ofSeconds(60));

        assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(received).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getSrcaddr()));
        assertThat(RestSchemaRegistryClient.forUrl(registry.url())
                .latest(SubjectNaming.subjectFor(topic, false)).schema())
                .isEqualTo(VpcFlowLog.getClassSchema().toString());
    }
}
