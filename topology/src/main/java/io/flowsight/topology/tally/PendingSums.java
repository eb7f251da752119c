package io.flowsight.topology.tally;

import io.flowsight.topology.state.CommitBufferedStore;
import io.flowsight.topology.state.WrappedStoreBuilder;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The combiner's partial sums not yet sent through the repartition topic ({@link RekeyProcessor}): held in heap, where
 * each record adds to them, and mirrored to a changelogged store before every commit, so sums that a commit's offsets
 * already cover survive a crash and are sent after it, exactly once.
 *
 * <p>Only what changed since the last commit is written: a sum created and sent between two commits never reaches the
 * store. The store is read once, on first use after a (re)start, when Kafka Streams has restored it.
 */
public final class PendingSums extends CommitBufferedStore<String, long[]> {
    /** By pane start, then by key in arrival order. */
    private final TreeMap<Long, LinkedHashMap<String, Sum>> panes = new TreeMap<>();
    /** Store keys of sums sent since the last commit that the store holds (each needs a tombstone). */
    private final List<String> sentFromStore = new ArrayList<>();
    /** Sums changed since the last commit. */
    private final List<Sum> changed = new ArrayList<>();
    private int size;
    private boolean loaded;

    /** One waiting sum. */
    private static final class Sum {
        final long paneStart;
        final String key;
        final long[] values;
        boolean changed;
        boolean inStore;
        boolean sent;

        Sum(long paneStart, String key, long[] values) {
            this.paneStart = paneStart;
            this.key = key;
            this.values = values;
        }
    }

    private PendingSums(KeyValueStore<String, long[]> stored) {
        super(stored);
    }

    public static StoreBuilder<PendingSums> builder(String name) {
        return new WrappedStoreBuilder<>(name, Serdes.String(), new LongArraySerde(), PendingSums::new);
    }

    /** The sums of {@code key} in the pane at {@code paneStart}, created by {@code empty}; the caller adds in place. */
    public long[] sumsFor(long paneStart, String key, Supplier<long[]> empty) {
        load();
        LinkedHashMap<String, Sum> pane = panes.computeIfAbsent(paneStart, start -> new LinkedHashMap<>());
        Sum sum = pane.get(key);
        if (sum == null) {
            sum = new Sum(paneStart, key, empty.get());
            pane.put(key, sum);
            size++;
        }
        if (!sum.changed) {
            sum.changed = true;
            changed.add(sum);
        }
        return sum.values;
    }

    /** How many sums wait. */
    public int size() {
        load();
        return size;
    }

    /**
     * Hands every waiting sum of the panes starting at or before {@code lastPaneStart} to {@code send}, pane by pane,
     * in arrival order within a pane, and forgets them.
     */
    public void drainThrough(long lastPaneStart, BiConsumer<String, long[]> send) {
        load();
        Iterator<Map.Entry<Long, LinkedHashMap<String, Sum>>> due = panes.headMap(lastPaneStart, true).entrySet()
                .iterator();
        while (due.hasNext()) {
            Map.Entry<Long, LinkedHashMap<String, Sum>> pane = due.next();
            for (Map.Entry<String, Sum> entry : pane.getValue().entrySet()) {
                send.accept(entry.getKey(), entry.getValue().values);
                entry.getValue().sent = true;
                if (entry.getValue().inStore) {
                    sentFromStore.add(storeKey(pane.getKey(), entry.getKey()));
                }
                size--;
            }
            due.remove();
        }
    }

    private static String storeKey(long paneStart, String key) {
        return paneStart + "|" + key;
    }

    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        try (KeyValueIterator<String, long[]> all = stored.all()) {
            while (all.hasNext()) {
                KeyValue<String, long[]> entry = all.next();
                int bar = entry.key.indexOf('|');
                long paneStart = Long.parseLong(entry.key, 0, bar, 10);
                Sum sum = new Sum(paneStart, entry.key.substring(bar + 1), entry.value);
                sum.inStore = true;
                panes.computeIfAbsent(paneStart, start -> new LinkedHashMap<>()).put(sum.key, sum);
                size++;
            }
        }
    }

    @Override
    protected void writeChanged() {
        sentFromStore.forEach(stored::delete);
        sentFromStore.clear();
        for (Sum sum : changed) {
            sum.changed = false;
            if (!sum.sent) {
                stored.put(storeKey(sum.paneStart, sum.key), sum.values);
                sum.inStore = true;
            }
        }
        changed.clear();
    }

    /** After a failure or a restart: the sums are read back from the store on next use. */
    @Override
    protected void forget() {
        panes.clear();
        sentFromStore.clear();
        changed.clear();
        size = 0;
        loaded = false;
    }
}
