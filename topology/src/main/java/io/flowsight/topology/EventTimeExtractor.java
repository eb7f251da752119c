package io.flowsight.topology;

import io.flowsight.schemas.EventTime;
import io.flowsight.schemas.Heartbeat;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

import java.time.Instant;


/**
 * Event time for the topology: a raw record's own {@code event_time} (flow start, CloudTrail eventTime, ALB time),
 * so windows follow when things happened, not when the logs arrived (flow logs arrive 10–20 minutes late).
 * A heartbeat's time is the watermark in its header: FlowSight's topics stamp records with their append time, so the
 * record timestamp of a heartbeat is when it arrived. Other values keep the Kafka record's timestamp.
 */
public final class EventTimeExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof IndexedRecord value) {
            return EventTime.millisOf(value).orElse(record.timestamp());
        }
        if (record.value() == null) {
            return Heartbeat.watermark(record.headers()).map(Instant::toEpochMilli).orElse(record.timestamp());
        }
        return record.timestamp();
    }
}
