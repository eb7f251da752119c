package io.flowsight.topology.rank;

import io.flowsight.schemas.TopTalkerEntry;
import io.flowsight.schemas.TopTalkers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the partitions' partial top-N lists of each dimension into the final top-N of each window, written once,
 * when every partition has closed the window (the smallest {@code closedThrough} reported has passed it).
 *
 * <p>Exact mode is exact because every key lives on one partition (raw topics are keyed by the address ranked, and
 * other dimensions are repartitioned by their key first): a key in the global top-N is in its partition's top-N.
 */
public final class TopNMerger implements Processor<String, PartialTopN, String, TopTalkers> {
    public static final String PENDING_STORE = "topn-pending";
    public static final String PROGRESS_STORE = "topn-progress";
    public static final String FINAL_STORE = "topn-final";
    /** Final top-N lists kept per dimension for live queries of recently closed windows. */
    static final int FINAL_KEPT = 120;

    private final int partitions;
    private final int topN;
    private final TopNSketches sketches;
    private ProcessorContext<String, TopTalkers> context;
    private KeyValueStore<String, WindowTopN> pending;
    private KeyValueStore<String, Long> progress;
    private KeyValueStore<String, WindowTopN> finals;

    public TopNMerger(int partitions, int topN, TopNSketches sketches) {
        this.partitions = partitions;
        this.topN = topN;
        this.sketches = sketches;
    }

    @Override
    public void init(ProcessorContext<String, TopTalkers> context) {
        this.context = context;
        this.pending = context.getStateStore(PENDING_STORE);
        this.progress = context.getStateStore(PROGRESS_STORE);
        this.finals = context.getStateStore(FINAL_STORE);
    }

    @Override
    public void process(Record<String, PartialTopN> record) {
        PartialTopN partial = record.value();
        if (partial == null) {
            return;
        }
        String mergeKey = partial.mergeKey();
        if (partial.windowStart() != null) {
            String windowKey = windowKey(mergeKey, partial.windowStart());
            pending.put(windowKey, merge(pending.get(windowKey), partial));
        }
        String partitionKey = mergeKey + "|p" + partial.partition();
        Long before = progress.get(partitionKey);
        if (before == null || before < partial.closedThrough()) {
            progress.put(partitionKey, partial.closedThrough());
        }
        emitClosedWindows(mergeKey, record.timestamp());
    }

    private WindowTopN merge(WindowTopN sofar, PartialTopN partial) {
        if (partial.sketch() != null) {
            byte[] merged = sofar == null ? partial.sketch() : sketches.merge(sofar.sketch(), partial.sketch());
            return new WindowTopN(partial.dimension(), partial.windowSize(), partial.windowStart(), "sketch", null,
                    List.of(), merged);
        }
        Map<String, Long> values = new HashMap<>();
        if (sofar != null) {
            sofar.entries().forEach(entry -> values.merge(entry.key(), entry.value(), Long::sum));
        }
        partial.entries().forEach(entry -> values.merge(entry.key(), entry.value(), Long::sum));
        Ranking ranking = new Ranking(topN);
        values.forEach((key, value) -> ranking.offer(RankedEntry.exact(key, value)));
        return new WindowTopN(partial.dimension(), partial.windowSize(), partial.windowStart(), "exact", null,
                ranking.best(), null);
    }

    private void emitClosedWindows(String mergeKey, long timestamp) {
        long closedEverywhere = Long.MAX_VALUE;
        int reported = 0;
        try (KeyValueIterator<String, Long> reports = progress.prefixScan(mergeKey + "|p",
                new org.apache.kafka.common.serialization.StringSerializer())) {
            while (reports.hasNext()) {
                closedEverywhere = Math.min(closedEverywhere, reports.next().value);
                reported++;
            }
        }
        if (reported < partitions) {
            return;
        }
        List<KeyValue<String, WindowTopN>> ready = new ArrayList<>();
        try (KeyValueIterator<String, WindowTopN> windows = pending.prefixScan(mergeKey + "|w",
                new org.apache.kafka.common.serialization.StringSerializer())) {
            while (windows.hasNext()) {
                KeyValue<String, WindowTopN> window = windows.next();
                if (window.value.windowStart() >= closedEverywhere) {
                    break;
                }
                ready.add(window);
            }
        }
        for (KeyValue<String, WindowTopN> window : ready) {
            WindowTopN result = window.value.sketch() == null ? window.value
                    : sketches.topN(window.value, topN);
            pending.delete(window.key);
            finals.put(window.key, result);
            context.forward(new Record<>(outputKey(result), toAvro(result),
                    Math.max(timestamp, result.windowStart() + result.windowSize() - 1)));
        }
        if (!ready.isEmpty()) {
            forgetOldFinals(mergeKey, ready.get(ready.size() - 1).value);
        }
    }

    private void forgetOldFinals(String mergeKey, WindowTopN newest) {
        long oldestKept = newest.windowStart() - FINAL_KEPT * newest.windowSize();
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, WindowTopN> kept = finals.range(windowKey(mergeKey, 0),
                windowKey(mergeKey, Math.max(0, oldestKept)))) {
            kept.forEachRemaining(entry -> old.add(entry.key));
        }
        old.forEach(finals::delete);
    }

    /** Store key of a window: zero-padded start so that string order is time order. */
    public static String windowKey(String mergeKey, long windowStart) {
        return mergeKey + "|w" + String.format("%020d", windowStart);
    }

    public static String outputKey(WindowTopN topN) {
        return Instant.ofEpochMilli(topN.windowStart()) + "|" + Duration.ofMillis(topN.windowSize()) + "|"
                + topN.dimension();
    }

    static TopTalkers toAvro(WindowTopN topN) {
        List<TopTalkerEntry> entries = new ArrayList<>(topN.entries().size());
        int rank = 1;
        boolean sketch = "sketch".equals(topN.mode());
        for (RankedEntry entry : topN.entries()) {
            entries.add(TopTalkerEntry.newBuilder().setRank(rank++).setKey(entry.key()).setValue(entry.value())
                    .setLowerBound(sketch ? entry.lowerBound() : null).setUpperBound(sketch ? entry.upperBound() : null)
                    .build());
        }
        return TopTalkers.newBuilder().setWindowStart(Instant.ofEpochMilli(topN.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(topN.windowStart() + topN.windowSize()))
                .setDimension(topN.dimension()).setMode(topN.mode()).setMaxError(topN.maxError())
                .setEntries(entries).build();
    }
}
