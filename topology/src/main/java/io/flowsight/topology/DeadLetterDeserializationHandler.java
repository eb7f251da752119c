package io.flowsight.topology;

import io.flowsight.schemas.DeadLetter;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A record the topology cannot deserialize (not Avro, unknown schema id, ...) becomes a {@code DeadLetter} on the
 * dead-letter topic, with its bytes, topic, partition and offset, and processing goes on: nothing is lost without a
 * record of it, and one bad record does not stop the application. Plugged in as Kafka Streams'
 * {@code default.deserialization.exception.handler}; reads {@code flowsight.topic.prefix} and the serde settings
 * from the application's configuration.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private final Clock clock;
    private SpecificAvroSerializer<DeadLetter> letters;
    private String deadLetterTopic;

    public DeadLetterDeserializationHandler() {
        this(Clock.systemUTC());
    }

    DeadLetterDeserializationHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object prefix = configs.get(TopologyConfig.TOPIC_PREFIX_CONFIG);
        deadLetterTopic = Topic.DEAD_LETTER.topicName(prefix == null ? Topic.DEFAULT_PREFIX : prefix.toString());
        letters = new SpecificAvroSerializer<>();
        letters.configure(configs, false);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        String source = "kafka:" + record.topic() + "/" + record.partition();
        String error = "Cannot read the record at offset " + record.offset() + " of " + record.topic() + "/"
                + record.partition() + ": " + exception.getMessage();
        LOG.warn("{}; it goes to {} and processing continues", error, deadLetterTopic);
        byte[] payload = record.value() == null ? new byte[0] : record.value();
        DeadLetter letter = DeadLetter.newBuilder().setSource(source).setLogType(logType(record.topic()))
                .setLineNumber(null).setByteOffset(record.offset()).setReason("deserialization_error")
                .setError(error).setPayload(ByteBuffer.wrap(payload)).setRecordTime(null)
                .setEventTime(Instant.now(clock)).build();
        return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, null, record.timestamp(),
                source.getBytes(StandardCharsets.UTF_8), letters.serialize(deadLetterTopic, letter))));
    }

    private static String logType(String topic) {
        if (topic.endsWith(Topic.RAW_VPCFLOW.suffix())) {
            return "vpcflow";
        }
        if (topic.endsWith(Topic.RAW_CLOUDTRAIL.suffix())) {
            return "cloudtrail";
        }
        if (topic.endsWith(Topic.RAW_ALB.suffix())) {
            return "alb";
        }
        return null;
    }
}
