package io.flowsight.schemas;

import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * A raw record's event time: its {@code event_time} field (flow start, CloudTrail eventTime, ALB time), the time
 * windows and watermarks follow, as opposed to when the log arrived.
 */
public final class EventTime {
    public static final String FIELD = "event_time";

    private EventTime() {
    }

    /** The record's event time in epoch milliseconds, if its schema has one and it is set. */
    public static OptionalLong millisOf(IndexedRecord record) {
        Schema.Field field = record.getSchema().getField(FIELD);
        if (field != null && record.get(field.pos()) instanceof Instant time) {
            return OptionalLong.of(time.toEpochMilli());
        }
        return OptionalLong.empty();
    }
}
