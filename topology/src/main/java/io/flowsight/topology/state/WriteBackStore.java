package io.flowsight.topology.state;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

import java.util.HashMap;
import java.util.Map;

/**
 * A changelogged RocksDB key-value store with the values touched since the last commit kept as live, mutable objects
 * in heap: a processor reads a value, changes it in place as often as records ask, and the store writes it (one
 * RocksDB put and one changelog record) once, when Kafka Streams commits. A key that many records touch between two
 * commits costs one state write instead of one per record, and no value is serialized per record.
 *
 * <p>Exactly-once: Kafka Streams calls {@link #flushCache} before it commits the transaction, so what the changelog
 * holds at a commit is exactly the state of the committed input offsets; after a failure the heap is dropped
 * ({@link #clearCache}) and values are read back from the store. Kafka Streams calls {@code StateStore.commit} only
 * after the transaction has committed, so writing there would land in the next transaction (see {@code SketchStore}).
 * The interface is internal to Kafka Streams, so its version is pinned and this class is checked on every upgrade
 * ({@code WriteBackStoreTest} and the SIGKILL tests fail if the hook moves).
 *
 * <p>Memory holds only the keys touched since the last commit (a 100 ms exactly-once commit interval bounds it), not
 * the store's contents. Interactive queries read the store, so they see the state of the last commit.
 *
 * <p>Not thread-safe, like every store a processor owns; {@link #query} is the only method other threads call, and it
 * reads the store underneath only.
 */
public final class WriteBackStore<K, V> implements StateStore, CachedStateStore<K, V> {
    private final KeyValueStore<K, V> stored;
    private final Map<K, Entry<V>> touched = new HashMap<>();

    /** A value touched since the last commit; null value = deleted. */
    private static final class Entry<V> {
        V value;
        /** Whether the store holds the key (so that deleting it needs a tombstone). */
        final boolean inStore;
        boolean changed;

        Entry(V value, boolean inStore) {
            this.value = value;
            this.inStore = inStore;
        }
    }

    private WriteBackStore(KeyValueStore<K, V> stored) {
        this.stored = stored;
    }

    /** A builder of a write-back store named {@code name} over a changelogged, uncached RocksDB store. */
    public static <K, V> StoreBuilder<WriteBackStore<K, V>> builder(String name, Serde<K> keys, Serde<V> values) {
        return new WrappedStoreBuilder<>(name, keys, values, WriteBackStore::new);
    }

    /** The value under {@code key}, or null; a caller that changes it in place must {@link #put} it. */
    public V get(K key) {
        return entry(key).value;
    }

    /** Sets the value under {@code key}; it may still be changed in place until the next commit writes it. */
    public void put(K key, V value) {
        Entry<V> entry = touched.get(key);
        if (entry == null) {
            // Whether the store holds the key matters only for a later delete, which then writes a tombstone.
            entry = new Entry<>(null, true);
            touched.put(key, entry);
        }
        entry.value = value;
        entry.changed = true;
    }

    public void delete(K key) {
        put(key, null);
    }

    /** The store's entries under a prefix, in the store's order, with every change so far written first. */
    public <P> KeyValueIterator<K, V> prefixScan(P prefix, Serializer<P> prefixSerializer) {
        writeChanged();
        return stored.prefixScan(prefix, prefixSerializer);
    }

    /** Every entry, in the store's order, with every change so far written first. */
    public KeyValueIterator<K, V> all() {
        writeChanged();
        return stored.all();
    }

    private Entry<V> entry(K key) {
        Entry<V> entry = touched.get(key);
        if (entry == null) {
            V value = stored.get(key);
            entry = new Entry<>(value, value != null);
            touched.put(key, entry);
        }
        return entry;
    }

    /** Keys touched since the last commit (how much heap the store holds). */
    public int touchedKeys() {
        return touched.size();
    }

    /** Writes every changed value, one put or tombstone per key, and forgets the values in heap. */
    private void writeChanged() {
        for (Map.Entry<K, Entry<V>> each : touched.entrySet()) {
            Entry<V> entry = each.getValue();
            if (!entry.changed) {
                continue;
            }
            if (entry.value != null) {
                stored.put(each.getKey(), entry.value);
            } else if (entry.inStore) {
                stored.delete(each.getKey());
            }
        }
        touched.clear();
    }

    /** Before the transaction commits: the changed values go to the store and its changelog, in this transaction. */
    @Override
    public void flushCache() {
        writeChanged();
    }

    /** After a failure: what is in heap is dropped; values are read back from the store when next needed. */
    @Override
    public void clearCache() {
        touched.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return stored.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        touched.clear();
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
        touched.clear();
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

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return stored.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return stored.getPosition();
    }
}
