package io.flowsight.topology.state;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

import java.util.Map;

/**
 * A state store that keeps what records change in heap and writes it to a changelogged key-value store only when
 * Kafka Streams commits: the base of FlowSight's stores that touch state once per key per commit instead of once per
 * record ({@link JournaledWindowStore} for open windows' tallies and the combiner's sums, {@link WriteBackStore} for
 * baselines, sketch mode's sketches).
 *
 * <p>Why Kafka Streams' internal {@code CachedStateStore}: Kafka Streams flushes caches ({@code flushCache}) before it
 * commits the transaction, but calls {@code StateStore.commit} only after the transaction has committed (to
 * checkpoint). Writes made in {@code commit} would land in the next transaction and be lost when the instance stops;
 * the real-broker restart test caught exactly that, and {@code StreamsKillIT} fails if {@link #flushCache} stops
 * writing. The interface is internal, so the Kafka version is pinned and this class is checked on every upgrade.
 *
 * <p>Interactive queries read the store underneath, so they see the state of the last commit, unless a store answers
 * them itself ({@link JournaledWindowStore}); they are the only calls from other threads.
 */
public abstract class CommitBufferedStore<K, V> implements StateStore, CachedStateStore<K, V> {
    protected final KeyValueStore<K, V> stored;

    protected CommitBufferedStore(KeyValueStore<K, V> stored) {
        this.stored = stored;
    }

    /** Writes what changed in heap since the last commit to the store (and so to its changelog). */
    protected abstract void writeChanged();

    /** Drops what is in heap; it is read back from the store when needed. */
    protected abstract void forget();

    /** Before the transaction commits: the changes go to the store and its changelog, in this transaction. */
    @Override
    public final void flushCache() {
        writeChanged();
    }

    /** After a failure: what is in heap is dropped. */
    @Override
    public final void clearCache() {
        forget();
    }

    @Override
    public final boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public final String name() {
        return stored.name();
    }

    @Override
    public final void init(StateStoreContext context, StateStore root) {
        forget();
        stored.init(context, root);
    }

    @Override
    @SuppressWarnings("deprecation")
    public final void flush() {
        writeChanged();
        stored.flush();
    }

    @Override
    public final void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeChanged();
        stored.commit(changelogOffsets);
    }

    @Override
    public final void close() {
        forget();
        stored.close();
    }

    @Override
    public final boolean persistent() {
        return true;
    }

    @Override
    public final boolean isOpen() {
        return stored.isOpen();
    }

    /** Interactive queries read the store underneath (the state of the last commit) unless a store answers itself. */
    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return stored.query(query, positionBound, config);
    }

    @Override
    public final Position getPosition() {
        return stored.getPosition();
    }
}
