package io.flowsight.topology.rank;

import io.flowsight.topology.state.WrappedStoreBuilder;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Sketch mode's state: the open windows' frequent-items sketches, kept deserialized in memory and written to a
 * changelogged key-value store only when Kafka Streams commits. Serializing a sketch on every record, as a plain store
 * would, costs far more than updating it; writing the changed ones in {@link #flushCache} (which Kafka Streams calls before
 * it commits the transaction) keeps exactly-once: what is committed is exactly the state of the committed offsets, and
 * after a failure the sketches are read back from the store.
 *
 * <p>Memory is bounded by the number of open windows times the ranked dimensions times the sketch size, whatever the
 * number of distinct keys.
 *
 * <p>Why it implements Kafka Streams' internal {@code CachedStateStore}: Kafka Streams flushes caches
 * ({@code flushCache}) before it commits the transaction, but calls {@code StateStore.commit} only after the
 * transaction has committed (to checkpoint). Writes made in {@code commit} would land in the next transaction and be
 * lost when the instance stops; the real-broker restart test caught exactly that. The interface is internal, so the
 * Kafka version is pinned and this class must be checked on every upgrade.
 */
public final class SketchStore implements StateStore, CachedStateStore<String, byte[]> {
    private final KeyValueStore<String, byte[]> stored;
    private final TopNSketches sketches;
    private final Map<String, ItemsSketch<String>> live = new HashMap<>();
    private final Set<String> changed = new HashSet<>();

    private SketchStore(KeyValueStore<String, byte[]> stored, TopNSketches sketches) {
        this.stored = stored;
        this.sketches = sketches;
    }

    public static StoreBuilder<SketchStore> builder(String name, TopNSketches sketches) {
        return new WrappedStoreBuilder<>(name, Serdes.String(), Serdes.ByteArray(),
                stored -> new SketchStore(stored, sketches));
    }

    /** The sketch under {@code key}, created empty when there is none; the caller updates it in place. */
    public ItemsSketch<String> forUpdate(String key) {
        ItemsSketch<String> sketch = live.get(key);
        if (sketch == null) {
            byte[] bytes = stored.get(key);
            sketch = bytes == null ? sketches.newSketch() : sketches.deserialize(bytes);
            live.put(key, sketch);
        }
        changed.add(key);
        return sketch;
    }

    /** Removes the sketch under {@code key} and returns it serialized, or null when there was none. */
    public byte[] remove(String key) {
        ItemsSketch<String> sketch = live.remove(key);
        changed.remove(key);
        byte[] bytes = sketch != null ? sketches.serialize(sketch) : stored.get(key);
        stored.delete(key);
        return bytes;
    }

    @Override
    public String name() {
        return stored.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        live.clear();
        changed.clear();
        stored.init(context, root);
    }

    /** Before the transaction commits: the changed sketches go to the store and its changelog, in this transaction. */
    @Override
    public void flushCache() {
        writeChanged();
    }

    /** After a failure: the sketches in memory are dropped and read back from the store when next needed. */
    @Override
    public void clearCache() {
        live.clear();
        changed.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, byte[]> listener, boolean sendOldValues) {
        return false;
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

    private void writeChanged() {
        for (String key : changed) {
            ItemsSketch<String> sketch = live.get(key);
            if (sketch != null) {
                stored.put(key, sketches.serialize(sketch));
            }
        }
        changed.clear();
    }

    @Override
    public void close() {
        live.clear();
        changed.clear();
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
