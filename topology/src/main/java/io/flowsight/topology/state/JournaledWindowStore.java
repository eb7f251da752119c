package io.flowsight.topology.state;

import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The values of open windows, held in heap and journaled: every key's value of every open window is a live object in
 * a heap map (by window start, then key), which records change at the cost of a hash lookup; before Kafka Streams
 * commits, the values changed since the last commit go to a changelogged key-value store as a few journal entries per
 * window (key: window start and a sequence number; value: up to {@link #CHUNK_BYTES} of encoded keys and values),
 * not as one store write and one changelog record per key. When a window is dropped (it closed), its journal entries
 * are deleted. After a restart, or after a crash once Kafka Streams has restored the store from its changelog, the
 * heap is rebuilt by replaying the journal, later entries over earlier ones.
 *
 * <p>This is the trade of Flink's heap state backend: state is touched at heap speed and snapshotted in bulk, and the
 * open windows must fit in heap. The journal of a window holds one version of a key per commit that changed it, so the
 * store on disk and the changelog are larger than the state itself; they shrink when the window closes.
 *
 * <p>Threads: the stream thread calls every method, and changes a value it got from {@link #get} only while holding
 * the store's monitor ({@code synchronized (store)}); interactive queries ({@link #query}) take the same monitor
 * and read copies, a bounded number of keys at a time.
 */
public final class JournaledWindowStore<V> extends CommitBufferedStore<Bytes, byte[]> {
    /** Upper bound of one journal entry's encoded keys and values: far below the broker's 1 MB record limit. */
    static final int CHUNK_BYTES = 256 * 1024;
    /** Keys copied per hold of the monitor when a query reads a window, so the stream thread waits briefly. */
    private static final int COPY_BATCH = 10_000;
    private static final byte FORMAT = 1;

    private final Serializer<V> serializer;
    private final Deserializer<V> deserializer;
    private final TreeMap<Long, HashMap<String, Cell<V>>> windows = new TreeMap<>();
    private final List<Cell<V>> changed = new ArrayList<>();
    private long nextSequence;
    private int keys;
    private boolean loaded;
    /** The window of the last lookup: records mostly fall in the newest window. */
    private long lastWindowStart = Long.MIN_VALUE;
    private HashMap<String, Cell<V>> lastWindow;

    /** One key's value in one window. */
    private static final class Cell<V> {
        final long windowStart;
        final String key;
        V value;
        boolean changed;
        boolean dropped;

        Cell(long windowStart, String key, V value) {
            this.windowStart = windowStart;
            this.key = key;
            this.value = value;
        }
    }

    private JournaledWindowStore(KeyValueStore<Bytes, byte[]> stored, Serde<V> values) {
        super(stored);
        this.serializer = values.serializer();
        this.deserializer = values.deserializer();
    }

    /** A builder of a journaled window store named {@code name}, its journal in a changelogged RocksDB store. */
    public static <V> StoreBuilder<JournaledWindowStore<V>> builder(String name, Serde<V> values) {
        return new WrappedStoreBuilder<>(name, Serdes.Bytes(), Serdes.ByteArray(),
                stored -> new JournaledWindowStore<>(stored, values));
    }

    /**
     * The key under which queries address {@code key} in the window starting at {@code windowStart}: the start as 8
     * big-endian bytes, then the key in UTF-8, so that one window is one key range and windows are in time order.
     */
    public static Bytes queryKey(long windowStart, String key) {
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + utf8.length).putLong(windowStart).put(utf8).array());
    }

    /** The first 8 bytes of every {@link #queryKey} (and journal key) of the window at {@code windowStart}. */
    public static Bytes windowPrefix(long windowStart) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(windowStart).array());
    }

    /** The key a {@link #queryKey} addresses, without its window start. */
    public static String keyOf(Bytes queryKey) {
        byte[] bytes = queryKey.get();
        return new String(bytes, 8, bytes.length - 8, StandardCharsets.UTF_8);
    }

    /** The value of {@code key} in the window at {@code windowStart}, live (change it, then {@link #put} it), or null. */
    public synchronized V get(long windowStart, String key) {
        HashMap<String, Cell<V>> window = window(windowStart, false);
        Cell<V> cell = window == null ? null : window.get(key);
        return cell == null ? null : cell.value;
    }

    /**
     * The value of {@code key} in the window at {@code windowStart}, live and already marked changed (journaled at the
     * next commit), or null when there is none ({@link #put} a new one): one lookup for a value changed in place.
     */
    public synchronized V getForUpdate(long windowStart, String key) {
        HashMap<String, Cell<V>> window = window(windowStart, false);
        Cell<V> cell = window == null ? null : window.get(key);
        if (cell == null) {
            return null;
        }
        markChanged(cell);
        return cell.value;
    }

    /** Sets (or, for the object {@link #get} returned, confirms the change of) a key's value; journaled at commit. */
    public synchronized void put(long windowStart, String key, V value) {
        HashMap<String, Cell<V>> window = window(windowStart, true);
        Cell<V> cell = window.get(key);
        if (cell == null) {
            cell = new Cell<>(windowStart, key, value);
            window.put(key, cell);
            keys++;
        }
        cell.value = value;
        markChanged(cell);
    }

    /** Lists the cell for the next commit's journal, once however often it changes before then. */
    private void markChanged(Cell<V> cell) {
        if (!cell.changed) {
            cell.changed = true;
            changed.add(cell);
        }
    }

    /** The starts of the windows holding values, in time order. */
    public synchronized NavigableSet<Long> windowStarts() {
        load();
        return new TreeSet<>(windows.keySet());
    }

    /** How many keys all windows hold together. */
    public synchronized int size() {
        load();
        return keys;
    }

    /** How many keys the window at {@code windowStart} holds. */
    public synchronized int size(long windowStart) {
        HashMap<String, Cell<V>> window = window(windowStart, false);
        return window == null ? 0 : window.size();
    }

    /** The window's keys and live values, in no particular order (for closing it: rank, judge, fold, then {@link #drop}). */
    public synchronized List<Map.Entry<String, V>> entries(long windowStart) {
        HashMap<String, Cell<V>> window = window(windowStart, false);
        if (window == null) {
            return List.of();
        }
        List<Map.Entry<String, V>> entries = new ArrayList<>(window.size());
        window.forEach((key, cell) -> entries.add(Map.entry(key, cell.value)));
        return entries;
    }

    /** Forgets the window at {@code windowStart} and deletes its journal (in the transaction of the next commit). */
    public synchronized void drop(long windowStart) {
        load();
        HashMap<String, Cell<V>> window = windows.remove(windowStart);
        if (window != null) {
            window.values().forEach(cell -> cell.dropped = true);
            keys -= window.size();
        }
        if (lastWindowStart == windowStart) {
            lastWindow = null;
            lastWindowStart = Long.MIN_VALUE;
        }
        List<Bytes> entries = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> journal = stored.prefixScan(windowPrefix(windowStart),
                new BytesSerializer())) {
            journal.forEachRemaining(entry -> entries.add(entry.key));
        }
        entries.forEach(stored::delete);
    }

    private HashMap<String, Cell<V>> window(long windowStart, boolean create) {
        if (windowStart == lastWindowStart && lastWindow != null) {
            return lastWindow;
        }
        load();
        HashMap<String, Cell<V>> window = windows.get(windowStart);
        if (window == null) {
            if (!create) {
                return null;
            }
            window = new HashMap<>();
            windows.put(windowStart, window);
        }
        lastWindowStart = windowStart;
        lastWindow = window;
        return window;
    }

    /** Writes each window's changed values as journal entries of at most {@link #CHUNK_BYTES}. */
    @Override
    protected synchronized void writeChanged() {
        if (changed.isEmpty()) {
            return;
        }
        Map<Long, List<Cell<V>>> byWindow = new LinkedHashMap<>();
        for (Cell<V> cell : changed) {
            cell.changed = false;
            if (!cell.dropped) {
                byWindow.computeIfAbsent(cell.windowStart, start -> new ArrayList<>()).add(cell);
            }
        }
        changed.clear();
        for (Map.Entry<Long, List<Cell<V>>> window : byWindow.entrySet()) {
            Chunk chunk = new Chunk();
            for (Cell<V> cell : window.getValue()) {
                if (chunk.add(cell.key, cell.value, serializer)) {
                    stored.put(journalKey(window.getKey(), nextSequence++), chunk.bytes());
                    chunk = new Chunk();
                }
            }
            if (!chunk.isEmpty()) {
                stored.put(journalKey(window.getKey(), nextSequence++), chunk.bytes());
            }
        }
    }

    /** Rebuilds the heap from the journal, once per (re)start, when Kafka Streams has restored the store. */
    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        try (KeyValueIterator<Bytes, byte[]> journal = stored.all()) {
            while (journal.hasNext()) {
                KeyValue<Bytes, byte[]> entry = journal.next();
                ByteBuffer key = ByteBuffer.wrap(entry.key.get());
                long windowStart = key.getLong();
                nextSequence = Math.max(nextSequence, key.getLong() + 1);
                HashMap<String, Cell<V>> window = windows.computeIfAbsent(windowStart, start -> new HashMap<>());
                Chunk.read(entry.value, (name, value) -> window.put(name,
                        new Cell<>(windowStart, name, deserializer.deserialize(null, value))));
            }
        }
        keys = windows.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    protected synchronized void forget() {
        windows.clear();
        changed.clear();
        lastWindow = null;
        lastWindowStart = Long.MIN_VALUE;
        nextSequence = 0;
        keys = 0;
        loaded = false;
    }

    /**
     * Interactive queries by {@link #queryKey}: a {@link KeyQuery} answers one key of one window, a {@link RangeQuery}
     * the keys between its bounds (all windows without bounds), in key order; both read copies of the live values.
     */
    @Override
    @SuppressWarnings("unchecked")
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        QueryResult<R> result;
        if (query instanceof KeyQuery<?, ?> keyQuery && keyQuery.getKey() instanceof Bytes key) {
            result = (QueryResult<R>) QueryResult.forResult(copyOf(key));
        } else if (query instanceof RangeQuery<?, ?> rangeQuery) {
            Bytes lower = (Bytes) rangeQuery.getLowerBound().orElse(null);
            Bytes upper = (Bytes) rangeQuery.getUpperBound().orElse(null);
            result = (QueryResult<R>) QueryResult.forResult(new ListIterator<>(copiesBetween(lower, upper)));
        } else {
            return QueryResult.forUnknownQueryType(query, this);
        }
        result.setPosition(getPosition().copy());
        return result;
    }

    private synchronized V copyOf(Bytes queryKey) {
        V value = get(ByteBuffer.wrap(queryKey.get()).getLong(), keyOf(queryKey));
        return value == null ? null : copy(value);
    }

    private List<KeyValue<Bytes, V>> copiesBetween(Bytes lower, Bytes upper) {
        List<KeyValue<Bytes, V>> copies = new ArrayList<>();
        for (long windowStart : windowStarts()) {
            List<KeyValue<Bytes, String>> keys = new ArrayList<>();
            synchronized (this) {
                HashMap<String, Cell<V>> window = windows.get(windowStart);
                if (window == null) {
                    continue;
                }
                for (String key : window.keySet()) {
                    Bytes queryKey = queryKey(windowStart, key);
                    if ((lower == null || queryKey.compareTo(lower) >= 0)
                            && (upper == null || queryKey.compareTo(upper) <= 0)) {
                        keys.add(KeyValue.pair(queryKey, key));
                    }
                }
            }
            for (int from = 0; from < keys.size(); from += COPY_BATCH) {
                synchronized (this) {
                    for (KeyValue<Bytes, String> key : keys.subList(from, Math.min(keys.size(), from + COPY_BATCH))) {
                        V value = get(windowStart, key.value);
                        if (value != null) {
                            copies.add(KeyValue.pair(key.key, copy(value)));
                        }
                    }
                }
            }
        }
        copies.sort((a, b) -> a.key.compareTo(b.key));
        return copies;
    }

    private V copy(V value) {
        return deserializer.deserialize(null, serializer.serialize(null, value));
    }

    private static Bytes journalKey(long windowStart, long sequence) {
        return Bytes.wrap(ByteBuffer.allocate(16).putLong(windowStart).putLong(sequence).array());
    }

    /** One journal entry: a format byte, then (key length, key, value length, value) repeated. */
    private static final class Chunk {
        private final JournalOutput out = new JournalOutput(4096);

        Chunk() {
            out.put(FORMAT);
        }

        /** Adds one key and value; true when the chunk is full and should be written. */
        <V> boolean add(String key, V value, Serializer<V> serializer) {
            out.putText(key);
            if (serializer instanceof AppendingSerializer<V> appending) {
                int lengthAt = out.length();
                out.putInt(0);
                appending.append(value, out);
                out.setInt(lengthAt, out.length() - lengthAt - 4);
            } else {
                byte[] bytes = serializer.serialize(null, value);
                out.putInt(bytes.length).put(bytes);
            }
            return out.length() >= CHUNK_BYTES;
        }

        boolean isEmpty() {
            return out.length() == 1;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        interface Reader {
            void entry(String key, byte[] value);
        }

        static void read(byte[] chunk, Reader reader) {
            ByteBuffer buffer = ByteBuffer.wrap(chunk);
            byte format = buffer.get();
            if (format != FORMAT) {
                throw new IllegalStateException("A journal entry in the state store has format " + format
                        + ", which this FlowSight does not know; run the FlowSight version that wrote it or reset the "
                        + "application's state.");
            }
            while (buffer.hasRemaining()) {
                byte[] key = new byte[buffer.getInt()];
                buffer.get(key);
                byte[] value = new byte[buffer.getInt()];
                buffer.get(value);
                reader.entry(new String(key, StandardCharsets.UTF_8), value);
            }
        }
    }

    /** A query's result: copies, already in key order. */
    private static final class ListIterator<V> implements KeyValueIterator<Bytes, V> {
        private final Iterator<KeyValue<Bytes, V>> entries;
        private KeyValue<Bytes, V> next;

        ListIterator(List<KeyValue<Bytes, V>> entries) {
            this.entries = entries.iterator();
            this.next = this.entries.hasNext() ? this.entries.next() : null;
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public KeyValue<Bytes, V> next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            KeyValue<Bytes, V> current = next;
            next = entries.hasNext() ? entries.next() : null;
            return current;
        }

        @Override
        public Bytes peekNextKey() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            return next.key;
        }

        @Override
        public void close() {
        }
    }
}
