package io.flowsight.topology.alert;

import io.flowsight.topology.detect.AlertCandidate;
import io.flowsight.topology.tally.RekeyProcessor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Duration;

/**
 * Carries a raw stream's event time to the alert deduplicator, which otherwise sees time pass only when a detector
 * raises a candidate, so an alert would never resolve once its address went quiet. Sends a tick (key
 * {@link RekeyProcessor#HEARTBEAT_KEY}, no value, the record's event time as timestamp) each time the stream's time
 * enters a new interval, heartbeats included; the candidates' repartition sends it to every partition.
 */
public final class EventClockTicks<V> implements Processor<String, V, String, AlertCandidate> {
    private final long interval;
    private long lastInterval = Long.MIN_VALUE;
    private ProcessorContext<String, AlertCandidate> context;

    public EventClockTicks(Duration interval) {
        this.interval = interval.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, AlertCandidate> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, V> record) {
        long current = Math.floorDiv(record.timestamp(), interval);
        if (current > lastInterval) {
            lastInterval = current;
            context.forward(new Record<String, AlertCandidate>(RekeyProcessor.HEARTBEAT_KEY, null,
                    record.timestamp()));
        }
    }
}
