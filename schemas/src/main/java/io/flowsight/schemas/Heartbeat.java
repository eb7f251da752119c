package io.flowsight.schemas;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The watermark record of FlowSight's raw topics: a record with no key, no value and the header
 * {@value #HEADER}, whose value says "no event older than this will follow on this partition". The watermark lives in
 * the header, not only in the record timestamp, because FlowSight's topics stamp records with their append time (see
 * {@link TopicCreation}).
 *
 * <p>Kafka Streams closes a window only when stream time passes its end plus grace, and stream time moves only with
 * records. When a finite input is fully ingested, a heartbeat on every partition of every raw topic moves stream time
 * past the last window, so every window the input covers becomes final. The topology consumes heartbeats (and passes
 * them through each of its repartitions to every partition) but never writes them to an output topic; sinks skip
 * them because they have no value.
 */
public final class Heartbeat {
    /** Header marking a heartbeat; its value is the watermark as an ISO-8601 instant, for people reading the topic. */
    public static final String HEADER = "flowsight.heartbeat";

    private Heartbeat() {
    }

    /** Whether a record with these headers is a heartbeat. */
    public static boolean isHeartbeat(Headers headers) {
        return headers != null && headers.lastHeader(HEADER) != null;
    }

    /** The watermark a heartbeat's headers carry; empty when they are not a heartbeat's or unreadable. */
    public static Optional<Instant> watermark(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(HEADER);
        if (header == null || header.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(new String(header.value(), StandardCharsets.UTF_8)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The headers of a heartbeat at {@code watermark}. */
    public static Headers headers(Instant watermark) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HEADER, watermark.toString().getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** One heartbeat per partition of {@code topic}, all at {@code watermark}. */
    public static List<ProducerRecord<byte[], byte[]>> forEveryPartition(String topic, int partitions, Instant watermark) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(partitions);
        for (int partition = 0; partition < partitions; partition++) {
            records.add(new ProducerRecord<>(topic, partition, watermark.toEpochMilli(), null, null,
                    headers(watermark)));
        }
        return records;
    }
}
