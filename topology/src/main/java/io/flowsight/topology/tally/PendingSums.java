package io.flowsight.topology.tally;

import io.flowsight.topology.state.WrappedStoreBuilder;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The combiner's partial sums not yet sent through the repartition topic ({@link RekeyProcessor}): held in heap, where
 * each record adds to them, and mirrored to a changelogged store before every commit, so sums that a commit's offsets
 * already cover survive a crash and are sent after it, exactly once.
 *
 * <p>Only what changed since the last commit is written: a sum created and sent between two commits never reaches the
 * store. The store is read once, on first use after a (re)start, when Kafka Streams has restored it. Like
 * {@link io.flowsight.topology.state.WriteBackStore} it relies on Kafka Streams' internal {@code CachedStateStore}
 * hook.
 */
public final class PendingSums implements StateStore, CachedStateStore<String, long[]> {
    private final KeyValueStore<String, long[]> stored;
    private final LinkedHashMap<String, long[]> pending = new LinkedHashMap<>();
    private final Set<String> changed = new HashSet<>();
    private final Set<String> inStore = new HashSet<>();
    private boolean loaded;

    private PendingSums(KeyValueStore<String, long[]> stored) {
        this.stored = stored;
    }

    public static StoreBuilder<PendingSums> builder(String name) {
        return new WrappedStoreBuilder<>(name, Serdes.String(), new LongArraySerde(), PendingSums::new);
    }

    /** The sums under {@code key}, created by {@code empty} when absent; the caller adds to them in place. */
    public long[] sumsFor(String key, Supplier<long[]> empty) {
        load();
        long[] sums = pending.get(key);
        if (sums == null) {
            sums = empty.get();
            pending.put(key, sums);
        }
        changed.add(key);
        return sums;
    }

    /** How many sums wait. */
    public int size() {
        load();
        return pending.size();
    }

    /** Hands every waiting sum whose key {@code due} accepts to {@code send}, oldest first, and forgets them. */
    public void drain(Predicate<String> due, BiConsumer<String, long[]> send) {
        load();
        Iterator<Map.Entry<String, long[]>> entries = pending.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, long[]> entry = entries.next();
            if (due.test(entry.getKey())) {
                send.accept(entry.getKey(), entry.getValue());
                changed.add(entry.getKey());
                entries.remove();
            }
        }
    }

    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        try (KeyValueIterator<String, long[]> all = stored.all()) {
            while (all.hasNext()) {
                KeyValue<String, long[]> entry = all.next();
                pending.put(entry.key, entry.value);
                inStore.add(entry.key);
            }
        }
    }

    private void writeChanged() {
        for (String key : changed) {
            long[] sums = pending.get(key);
            if (sums != null) {
                stored.put(key, sums);
                inStore.add(key);
            } else if (inStore.remove(key)) {
                stored.delete(key);
            }
        }
        changed.clear();
    }

    @Override
    public void flushCache() {
        writeChanged();
    }

    /** After a failure: forget the heap; the sums are read back from the store on next use. */
    @Override
    public void clearCache() {
        pending.clear();
        changed.clear();
        inStore.clear();
        loaded = false;
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, long[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return stored.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        clearCache();
        stored.init(context, root);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void flush() {
        writeChanged();
        stored.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeChanged();
        stored.commit(changelogOffsets);
    }

    @Override
    public void close() {
        clearCache();
        stored.close();
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public boolean isOpen() {
        return stored.isOpen();
    }
}
