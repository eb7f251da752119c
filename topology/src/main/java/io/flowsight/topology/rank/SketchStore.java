package io.flowsight.topology.rank;

import io.flowsight.topology.state.CommitBufferedStore;
import io.flowsight.topology.state.WrappedStoreBuilder;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Sketch mode's state: the open windows' frequent-items sketches, kept deserialized in memory and written to a
 * changelogged key-value store only when Kafka Streams commits ({@link CommitBufferedStore}). Serializing a sketch on
 * every record, as a plain store would, costs far more than updating it; after a failure the sketches are read back
 * from the store.
 *
 * <p>Memory is bounded by the number of open windows times the ranked dimensions times the sketch size, whatever the
 * number of distinct keys.
 */
public final class SketchStore extends CommitBufferedStore<String, byte[]> {
    private final TopNSketches sketches;
    private final Map<String, ItemsSketch<String>> live = new HashMap<>();
    private final Set<String> changed = new HashSet<>();

    private SketchStore(KeyValueStore<String, byte[]> stored, TopNSketches sketches) {
        super(stored);
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

    /** Removes the sketch under {@code key} and returns it, or null when there was none. */
    public ItemsSketch<String> remove(String key) {
        ItemsSketch<String> sketch = live.remove(key);
        changed.remove(key);
        if (sketch == null) {
            byte[] bytes = stored.get(key);
            sketch = bytes == null ? null : sketches.deserialize(bytes);
        }
        stored.delete(key);
        return sketch;
    }

    @Override
    protected void writeChanged() {
        for (String key : changed) {
            ItemsSketch<String> sketch = live.get(key);
            if (sketch != null) {
                stored.put(key, sketches.serialize(sketch));
            }
        }
        changed.clear();
    }

    @Override
    protected void forget() {
        live.clear();
        changed.clear();
    }
}
