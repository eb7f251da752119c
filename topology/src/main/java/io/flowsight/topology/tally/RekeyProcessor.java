package io.flowsight.topology.tally;

import io.flowsight.schemas.Heartbeat;
import io.flowsight.topology.state.JournaledWindowStore;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The map side of a {@link Rekeyed} tally, with a combiner: a record becomes (new key, increments), added to a partial
 * sum per new key and pane (the largest time span every window size is a multiple of), and the partial sums, not the
 * records, go through the repartition topic. The partition's progress in event time travels with them as watermarks.
 *
 * <p>A sum is {@code [counters..., firstSeen, lastSeen]}, sent with {@code lastSeen} as its timestamp: all its records
 * lie in one pane, so in one window of each size, and the tally downstream sees the same counts and first and last
 * times as from the records one by one. The sums wait in heap, by pane, in a {@link JournaledWindowStore} (what
 * changed is journaled at every commit, so sums that a commit's offsets already cover survive a crash and are sent after
 * it, exactly once) until their pane has ended: before each watermark, every sum of a pane that ends at or before it is
 * sent, so none can arrive after the watermark that would close its window (which is at least the pane's end). Each
 * key then crosses the shuffle about once per pane and raw partition. All are sent whenever more than
 * {@link #MAX_PENDING} wait.
 *
 * <p>A watermark is a heartbeat record (key {@link #HEARTBEAT_KEY}, no value) that names the raw partition it comes
 * from and carries that partition's stream time; {@link HeartbeatBroadcast} sends it to every partition of the
 * repartition topic. The tally downstream closes a window only once every raw partition's watermark has passed it
 * (the minimum, not the maximum, of the upstream times), so a record that is late downstream is always late on its
 * raw partition too, where it is dead-lettered with its original bytes. One is sent at most once per
 * {@code beatInterval} of event time, and for every heartbeat on the raw topic. A sum waits until its pane has passed
 * (up to a pane and a beat interval of event time), which is why tallies after a repartition raise no alert while
 * their window is open.
 */
public final class RekeyProcessor<V> implements Processor<String, V, String, long[]> {
    public static final String HEARTBEAT_KEY = "flowsight.heartbeat";
    /** Header of a watermark naming the raw partition it reports on (4-byte int). */
    public static final String PARTITION_HEADER = "flowsight.heartbeat.partition";
    /** Sums waiting at most; beyond, they are sent early (bounded heap whatever the keys). */
    static final int MAX_PENDING = 50_000;

    private final Rekeyed<V> rekeyed;
    private final long beatInterval;
    private final long pane;
    private final String pendingStore;
    private ProcessorContext<String, long[]> context;
    private JournaledWindowStore<long[]> pending;
    private long streamTime = Long.MIN_VALUE;
    private long lastBeat = Long.MIN_VALUE;

    /**
     * @param pane         the span partial sums cover: every window size must be a multiple of it
     * @param pendingStore the store of this rekeyed tally's waiting sums ({@link #pendingStoreBuilder})
     */
    public RekeyProcessor(Rekeyed<V> rekeyed, Duration beatInterval, Duration pane, String pendingStore) {
        this.rekeyed = rekeyed;
        this.beatInterval = Math.max(1, beatInterval.toMillis());
        this.pane = Math.max(1, pane.toMillis());
        this.pendingStore = pendingStore;
    }

    @Override
    public void init(ProcessorContext<String, long[]> context) {
        this.context = context;
        this.pending = context.getStateStore(pendingStore);
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
            combine(key, increments, record.timestamp());
        }
        if (lastBeat == Long.MIN_VALUE || streamTime - lastBeat >= beatInterval) {
            beat();
        }
    }

    private void combine(String key, long[] increments, long timestamp) {
        if (pending.size() >= MAX_PENDING) {
            sendSums(Long.MAX_VALUE);
        }
        long paneStart = Math.floorDiv(timestamp, pane) * pane;
        int counters = increments.length;
        long[] sums = pending.getForUpdate(paneStart, key);
        if (sums == null) {
            sums = emptySums(counters);
            pending.put(paneStart, key, sums);
        }
        for (int i = 0; i < counters; i++) {
            sums[i] += increments[i];
        }
        sums[counters] = Math.min(sums[counters], timestamp);
        sums[counters + 1] = Math.max(sums[counters + 1], timestamp);
    }

    /** Zero counts, and a first/last-seen span that any record's time narrows. */
    private static long[] emptySums(int counters) {
        long[] sums = new long[counters + 2];
        sums[counters] = Long.MAX_VALUE;
        sums[counters + 1] = Long.MIN_VALUE;
        return sums;
    }

    /** The name of the store of a rekeyed tally's waiting sums. */
    public static String pendingStore(String rekeyedName) {
        return "pending-" + rekeyedName;
    }

    /** The store of a rekeyed tally's waiting sums, by pane start and new key. */
    public static StoreBuilder<JournaledWindowStore<long[]>> pendingStoreBuilder(String rekeyedName) {
        return JournaledWindowStore.builder(pendingStore(rekeyedName), new LongArraySerde());
    }

    /** Sends the sums of every pane that ends at or before {@code time}, pane by pane. */
    private void sendSums(long time) {
        long lastDuePane = time == Long.MAX_VALUE ? Long.MAX_VALUE : time - pane;
        for (long paneStart : pending.windowStarts().headSet(lastDuePane, true)) {
            for (Map.Entry<String, long[]> sum : pending.entries(paneStart)) {
                context.forward(new Record<>(sum.getKey(), sum.getValue(), sum.getValue()[sum.getValue().length - 1]));
            }
            pending.drop(paneStart);
        }
    }

    private void beat() {
        sendSums(streamTime);
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
