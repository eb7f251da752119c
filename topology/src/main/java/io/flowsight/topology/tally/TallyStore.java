package io.flowsight.topology.tally;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
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
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The tallies of the open windows: live {@link Tally} objects in memory, updated in place, written through to a
 * changelogged RocksDB store when Kafka Streams commits. Kafka Streams' own cache would serialize and copy a tally on
 * every record; here a record costs a hash lookup, and what the commit writes is exactly the state at the committed
 * offsets (exactly-once holds: after a failure the tallies are read back from the store). Clean tallies stay in
 * memory up to {@link #MAX_CLEAN} entries, then the memory is released at the next commit.
 *
 * <p>Why it implements Kafka Streams' internal {@code CachedStateStore}: Kafka Streams flushes caches
 * ({@code flushCache}) before it commits the transaction, but calls {@code StateStore.commit} only after the
 * transaction has committed (to checkpoint). Writes made in {@code commit} would land in the next transaction and be
 * lost when the instance stops; the real-broker restart test caught exactly that. The interface is internal, so the
 * Kafka version is pinned and this class must be checked on every upgrade.
 */
public final class TallyStore implements StateStore, CachedStateStore<Bytes, Tally> {
    static final int MAX_CLEAN = 200_000;

    private final KeyValueStore<Bytes, Tally> stored;
    private final Map<Bytes, Tally> live = new HashMap<>();
    private final Set<Bytes> changed = new HashSet<>();
    private final Set<Bytes> deleted = new HashSet<>();

    private TallyStore(KeyValueStore<Bytes, Tally> stored) {
        this.stored = stored;
    }

    public static StoreBuilder<TallyStore> builder(String name) {
        return new WrappedStoreBuilder<>(name, Serdes.Bytes(), new TallySerde(), TallyStore::new);
    }

    public Tally get(Bytes key) {
        Tally tally = live.get(key);
        if (tally != null || deleted.contains(key)) {
            return tally;
        }
        tally = stored.get(key);
        if (tally != null) {
            live.put(key, tally);
        }
        return tally;
    }

    /** Records that {@code tally} (usually the object {@link #get} returned, updated) is the value of {@code key}. */
    public void put(Bytes key, Tally tally) {
        live.put(key, tally);
        changed.add(key);
        deleted.remove(key);
    }

    public void delete(Bytes key) {
        live.remove(key);
        changed.remove(key);
        deleted.add(key);
    }

    /** The stored tallies whose key starts with {@code prefix}, after writing what changed; the caller closes it. */
    public KeyValueIterator<Bytes, Tally> prefixScan(Bytes prefix) {
        writeThrough();
        return stored.prefixScan(prefix, new BytesSerializer());
    }

    private void writeThrough() {
        for (Bytes key : changed) {
            stored.put(key, live.get(key));
        }
        for (Bytes key : deleted) {
            stored.delete(key);
        }
        changed.clear();
        deleted.clear();
        if (live.size() > MAX_CLEAN) {
            live.clear();
        }
    }

    @Override
    public String name() {
        return stored.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        live.clear();
        changed.clear();
        deleted.clear();
        stored.init(context, root);
    }

    /** Before the transaction commits: what changed goes to the store and its changelog, in this transaction. */
    @Override
    public void flushCache() {
        writeThrough();
    }

    /** After a failure: what was not written is forgotten; the store and its changelog hold the committed state. */
    @Override
    public void clearCache() {
        live.clear();
        changed.clear();
        deleted.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Bytes, Tally> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    @SuppressWarnings("deprecation")
    public void flush() {
        writeThrough();
        stored.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeThrough();
        stored.commit(changelogOffsets);
    }

    @Override
    public void close() {
        live.clear();
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

    /** Interactive queries read the stored tallies: what the last commit wrote. */
    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return stored.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return stored.getPosition();
    }
}
