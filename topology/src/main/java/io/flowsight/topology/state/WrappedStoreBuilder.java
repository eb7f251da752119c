package io.flowsight.topology.state;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.Map;
import java.util.function.Function;

/**
 * Builds a store that keeps live objects in memory in front of a changelogged, uncached RocksDB key-value store and
 * writes them before Kafka Streams commits ({@link CommitBufferedStore}). The store's own write-behind replaces
 * Kafka Streams' byte cache, so values are not serialized on every update.
 */
public final class WrappedStoreBuilder<K, V, S extends StateStore> implements StoreBuilder<S> {
    private final StoreBuilder<KeyValueStore<K, V>> stored;
    private final Function<KeyValueStore<K, V>, S> wrap;

    public WrappedStoreBuilder(String name, Serde<K> keys, Serde<V> values, Function<KeyValueStore<K, V>, S> wrap) {
        this.stored = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
                .withCachingDisabled();
        this.wrap = wrap;
    }

    @Override
    public StoreBuilder<S> withCachingEnabled() {
        return this;
    }

    @Override
    public StoreBuilder<S> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<S> withLoggingEnabled(Map<String, String> config) {
        stored.withLoggingEnabled(config);
        return this;
    }

    @Override
    public StoreBuilder<S> withLoggingDisabled() {
        stored.withLoggingDisabled();
        return this;
    }

    @Override
    public S build() {
        return wrap.apply(stored.build());
    }

    @Override
    public Map<String, String> logConfig() {
        return stored.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return stored.loggingEnabled();
    }

    @Override
    public String name() {
        return stored.name();
    }
}
