package io.flowsight.topology;

import io.flowsight.schemas.EventTime;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;


/**
 * Event time for the topology: a raw record's own {@code event_time} (flow start, CloudTrail eventTime, ALB time),
 * so windows follow when things happened, not when the logs arrived (flow logs arrive 10–20 minutes late).
 * Values without one keep the Kafka record's timestamp.
 */
public final class EventTimeExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof IndexedRecord value) {
            return EventTime.millisOf(value).orElse(record.timestamp());
        }
        return record.timestamp();
    }
}
