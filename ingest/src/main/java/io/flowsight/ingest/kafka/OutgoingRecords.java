package io.flowsight.ingest.kafka;

import io.flowsight.ingest.LogType;
import io.flowsight.ingest.parse.ParseException;
import io.flowsight.schemas.DeadLetter;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;

/** Turns parsed records and parse failures into the serialized Kafka records ingest sends. Thread-safe. */
final class OutgoingRecords implements AutoCloseable {
    /** Dead-letter payloads are capped below Kafka's default 1 MB message limit. */
    static final int MAX_DEAD_LETTER_PAYLOAD = 512 * 1024;
    /** Errors quote the value at fault, which may be as long as a line: they are cut too. */
    static final int MAX_DEAD_LETTER_ERROR_CHARS = 4 * 1024;

    private final IngestConfig config;
    private final Clock clock;
    private final SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
    private final String deadLetterTopic;

    OutgoingRecords(IngestConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.deadLetterTopic = config.topicName(Topic.DEAD_LETTER);
        values.configure(config.clientProperties(), false);
    }

    /** A raw record for {@code type}'s topic, keyed by its source address. */
    ProducerRecord<byte[], byte[]> record(LogType type, SpecificRecord record) {
        String topic = config.topicName(type.topic());
        String key = RecordKeys.keyOf(record);
        return new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                values.serialize(topic, record));
    }

    /** A dead letter keeping {@code raw} (capped), where it came from, and why it was refused. */
    ProducerRecord<byte[], byte[]> deadLetter(LogType type, String sourceName, Long line, Long offset, ParseException error,
                                              String raw) {
        return deadLetter(type, sourceName, line, offset, error.reason().code(), error.getMessage(), raw);
    }

    /**
     * A dead letter for a whole input that could not be read (not one line of it): an undecodable notification, an
     * object that keeps failing. {@code type} is null when it could not be told.
     */
    ProducerRecord<byte[], byte[]> deadLetter(LogType type, String sourceName, String reason, String error,
                                              String raw) {
        return deadLetter(type, sourceName, null, null, reason, error, raw);
    }

    private ProducerRecord<byte[], byte[]> deadLetter(LogType type, String sourceName, Long line, Long offset,
                                                      String reason, String error, String raw) {
        byte[] payload = raw.getBytes(StandardCharsets.UTF_8);
        String message = error.length() <= MAX_DEAD_LETTER_ERROR_CHARS ? error
                : error.substring(0, MAX_DEAD_LETTER_ERROR_CHARS) + "… (error cut to its first "
                + MAX_DEAD_LETTER_ERROR_CHARS + " characters)";
        if (payload.length > MAX_DEAD_LETTER_PAYLOAD) {
            message += " (payload truncated to its first " + MAX_DEAD_LETTER_PAYLOAD + " of " + payload.length
                    + " bytes)";
            payload = Arrays.copyOf(payload, MAX_DEAD_LETTER_PAYLOAD);
        }
        DeadLetter letter = DeadLetter.newBuilder()
                .setSource(sourceName).setLogType(type == null ? null : type.recordName()).setLineNumber(line)
                .setByteOffset(offset).setReason(reason).setError(message).setPayload(ByteBuffer.wrap(payload))
                .setRecordTime(null).setEventTime(clock.instant())
                .build();
        return new ProducerRecord<>(deadLetterTopic, sourceName.getBytes(StandardCharsets.UTF_8),
                values.serialize(deadLetterTopic, letter));
    }

    @Override
    public void close() {
        values.close();
    }
}
