package io.flowsight.topology.tally;

import io.flowsight.schemas.Heartbeat;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

/**
 * The map side of a {@link Rekeyed} tally: a record becomes (new key, increments), and the partition's progress in
 * event time travels with it as watermarks.
 *
 * <p>A watermark is a heartbeat record (key {@link #HEARTBEAT_KEY}, no value) that names the raw partition it comes
 * from and carries that partition's stream time; {@link HeartbeatBroadcast} sends it to every partition of the
 * repartition topic. The tally downstream closes a window only once every raw partition's watermark has passed it
 * (the minimum, not the maximum, of the upstream times), so a record that is late downstream is always late on its
 * raw partition too, where it is dead-lettered with its original bytes. One is sent at most once per
 * {@code beatInterval} of event time, and for every heartbeat on the raw topic.
 */
public final class RekeyProcessor<V> implements Processor<String, V, String, long[]> {
    public static final String HEARTBEAT_KEY = "flowsight.heartbeat";
    /** Header of a watermark naming the raw partition it reports on (4-byte int). */
    public static final String PARTITION_HEADER = "flowsight.heartbeat.partition";

    private final Rekeyed<V> rekeyed;
    private final long beatInterval;
    private ProcessorContext<String, long[]> context;
    private long streamTime = Long.MIN_VALUE;
    private long lastBeat = Long.MIN_VALUE;

    public RekeyProcessor(Rekeyed<V> rekeyed, Duration beatInterval) {
        this.rekeyed = rekeyed;
        this.beatInterval = Math.max(1, beatInterval.toMillis());
    }

    @Override
    public void init(ProcessorContext<String, long[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, V> record) {
        streamTime = Math.max(streamTime, record.timestamp());
        if (record.value() == null) {
            if (Heartbeat.isHeartbeat(record.headers())) {
                beat();
            }
            return;
        }
        String key = rekeyed.key().apply(record.value());
        long[] increments = key == null ? null : rekeyed.increments().apply(record.value());
        if (increments != null) {
            context.forward(record.withKey(key).withValue(increments));
        }
        if (lastBeat == Long.MIN_VALUE || streamTime - lastBeat >= beatInterval) {
            beat();
        }
    }

    private void beat() {
        lastBeat = streamTime;
        Headers headers = Heartbeat.headers(Instant.ofEpochMilli(streamTime));
        headers.add(PARTITION_HEADER, ByteBuffer.allocate(4).putInt(context.taskId().partition()).array());
        context.forward(new Record<String, long[]>(HEARTBEAT_KEY, null, streamTime, headers));
    }

    /** The raw partition a watermark reports on, or -1 for a heartbeat without one. */
    public static int upstreamPartition(Headers headers) {
        Header header = headers.lastHeader(PARTITION_HEADER);
        return header == null ? -1 : ByteBuffer.wrap(header.value()).getInt();
    }
}
