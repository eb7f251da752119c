package io.flowsight.topology.state;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.HashMap;
import java.util.Map;

/**
 * A changelogged RocksDB key-value store with the values touched since the last commit kept as live, mutable objects
 * in heap: a processor reads a value, changes it in place as often as records ask, and the store writes it (one
 * RocksDB put and one changelog record) once, when Kafka Streams commits ({@link CommitBufferedStore}). A key that
 * many records touch between two commits costs one state write instead of one per record, and no value is serialized
 * per record. Memory holds only the keys touched since the last commit, and at most {@link #MAX_TOUCHED} of them: a
 * window closing over millions of keys (folds, deletes) writes through as it goes, in the same transaction.
 */
public final class WriteBackStore<K, V> extends CommitBufferedStore<K, V> {
    /** Keys held in heap at most; beyond, the changes so far are written (still before the commit). */
    static final int MAX_TOUCHED = 100_000;
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
        super(stored);
    }

    /** A builder of a write-back store named {@code name} over a changelogged, uncached RocksDB store. */
    public static <K, V> StoreBuilder<WriteBackStore<K, V>> builder(String name, Serde<K> keys, Serde<V> values) {
        return new WrappedStoreBuilder<>(name, keys, values, WriteBackStore::new);
    }

    /** The value under {@code key}, or null; a caller that changes it in place must {@link #put} it. */
    public V get(K key) {
        Entry<V> entry = touched.get(key);
        if (entry == null) {
            writeIfFull();
            V value = stored.get(key);
            entry = new Entry<>(value, value != null);
            touched.put(key, entry);
        }
        return entry.value;
    }

    /** Sets the value under {@code key}; it may still be changed in place until the next commit writes it. */
    public void put(K key, V value) {
        Entry<V> entry = touched.get(key);
        if (entry == null) {
            writeIfFull();
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

    /**
     * Writes the changes so far when heap holds {@link #MAX_TOUCHED} keys. Called before a new key is added, so a value
     * a caller holds (from {@link #get}, to change and {@link #put}) is never dropped between the two calls.
     */
    private void writeIfFull() {
        if (touched.size() >= MAX_TOUCHED) {
            writeChanged();
        }
    }

    /** Writes every changed value, one put or tombstone per key, and forgets the values in heap. */
    @Override
    protected void writeChanged() {
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

    @Override
    protected void forget() {
        touched.clear();
    }
}
