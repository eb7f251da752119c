package io.flowsight.topology.state;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal is the store's only durable form: what a commit wrote comes back after a restart, what was changed after
 * the last commit does not, a dropped window is gone, and journal entries stay small enough for a Kafka record.
 */
class JournaledWindowStoreTest {
    private static final String NAME = "tally-test-1m";
    /** A mutable value, as tallies are: changed in place between commits. */
    private static final Serde<StringBuilder> TEXT = Serdes.serdeFrom(
            (topic, text) -> text == null ? null : text.toString().getBytes(StandardCharsets.UTF_8),
            (topic, bytes) -> bytes == null ? null : new StringBuilder(new String(bytes, StandardCharsets.UTF_8)));

    @TempDir
    Path stateDirectory;
    private final List<JournaledWindowStore<?>> open = new ArrayList<>();

    @AfterEach
    void closeStores() {
        for (JournaledWindowStore<?> store : open) {
            if (store.isOpen()) {
                store.close();
            }
        }
    }

    @Test
    void whatACommitWroteComesBackAfterARestartAndWhatCameAfterItDoesNot() {
        JournaledWindowStore<StringBuilder> store = openStore();
        store.put(0, "10.0.0.1", new StringBuilder("a"));
        store.put(0, "10.0.0.2", new StringBuilder("b"));
        store.put(60_000, "10.0.0.1", new StringBuilder("c"));
        store.flushCache();
        StringBuilder live = store.get(0, "10.0.0.1");
        live.append("+changed");
        store.put(0, "10.0.0.1", live);
        store.flushCache();
        store.get(0, "10.0.0.2").append("+uncommitted");
        store.put(0, "10.0.0.2", store.get(0, "10.0.0.2"));
        store.put(120_000, "10.0.0.9", new StringBuilder("uncommitted"));
        store.close();

        JournaledWindowStore<StringBuilder> restarted = openStore();
        assertThat(restarted.windowStarts()).containsExactly(0L, 60_000L);
        assertThat(text(restarted.entries(0))).containsExactly("10.0.0.1=a+changed", "10.0.0.2=b");
        assertThat(text(restarted.entries(60_000))).containsExactly("10.0.0.1=c");
        assertThat(restarted.get(120_000, "10.0.0.9")).isNull();
    }

    @Test
    void aDroppedWindowIsGoneFromHeapAndJournal() {
        JournaledWindowStore<StringBuilder> store = openStore();
        store.put(0, "10.0.0.1", new StringBuilder("a"));
        store.put(60_000, "10.0.0.1", new StringBuilder("b"));
        store.flushCache();
        store.put(0, "10.0.0.2", new StringBuilder("changed after the last commit, then dropped"));
        store.drop(0);
        store.flushCache();
        assertThat(store.windowStarts()).containsExactly(60_000L);
        store.close();

        JournaledWindowStore<StringBuilder> restarted = openStore();
        assertThat(restarted.windowStarts()).containsExactly(60_000L);
        assertThat(text(restarted.entries(60_000))).containsExactly("10.0.0.1=b");
    }

    @Test
    void aCommitOfManyKeysIsAFewJournalEntriesEachUnderTheChunkBound() {
        JournaledWindowStore<StringBuilder> store = openStore();
        String value = "x".repeat(200);
        for (int i = 0; i < 5_000; i++) {
            store.put(0, "key-" + i, new StringBuilder(value));
        }
        store.flushCache();
        store.close();

        List<Integer> entrySizes = new ArrayList<>();
        KeyValueStore<Bytes, byte[]> journal = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NAME),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().withCachingDisabled().build();
        journal.init(context().getStateStoreContext(), journal);
        try (KeyValueIterator<Bytes, byte[]> all = journal.all()) {
            all.forEachRemaining(entry -> entrySizes.add(entry.value.length));
        } finally {
            journal.close();
        }
        // 5,000 × (200 + 9 + 8) bytes ≈ 1.06 MB: five entries of at most 256 KiB plus the key and value that crossed it.
        assertThat(entrySizes).hasSize(5).allSatisfy(size -> assertThat(size)
                .isLessThanOrEqualTo(JournaledWindowStore.CHUNK_BYTES + 8 + 8 + 200));

        JournaledWindowStore<StringBuilder> restarted = openStore();
        assertThat(restarted.size(0)).isEqualTo(5_000);
    }

    @Test
    void queriesReadCopiesOfLiveValuesInKeyOrder() {
        JournaledWindowStore<StringBuilder> store = openStore();
        store.put(0, "10.0.0.2", new StringBuilder("b"));
        store.put(0, "10.0.0.1", new StringBuilder("a"));
        store.put(60_000, "10.0.0.1", new StringBuilder("c"));

        QueryResult<StringBuilder> one = store.query(
                KeyQuery.<Bytes, StringBuilder>withKey(JournaledWindowStore.queryKey(0, "10.0.0.2")),
                PositionBound.unbounded(), new QueryConfig(false));
        assertThat(one.getResult()).hasToString("b");
        one.getResult().append("+changed by the reader");
        assertThat(store.get(0, "10.0.0.2")).hasToString("b");

        QueryResult<KeyValueIterator<Bytes, StringBuilder>> window = store.query(
                RangeQuery.<Bytes, StringBuilder>withRange(JournaledWindowStore.queryKey(0, ""),
                        JournaledWindowStore.queryKey(0, "\uffff")), PositionBound.unbounded(), new QueryConfig(false));
        List<String> found = new ArrayList<>();
        try (KeyValueIterator<Bytes, StringBuilder> entries = window.getResult()) {
            entries.forEachRemaining(entry -> found.add(keyOf(entry) + "=" + entry.value));
        }
        assertThat(found).containsExactly("10.0.0.1=a", "10.0.0.2=b");
    }

    private static String keyOf(KeyValue<Bytes, StringBuilder> entry) {
        byte[] key = entry.key.get();
        return new String(key, 8, key.length - 8, StandardCharsets.UTF_8);
    }

    /** A window's entries as {@code key=value}, in key order. */
    private static List<String> text(List<Map.Entry<String, StringBuilder>> entries) {
        return entries.stream().sorted(Map.Entry.comparingByKey()).map(entry -> entry.getKey() + "=" + entry.getValue())
                .toList();
    }

    private JournaledWindowStore<StringBuilder> openStore() {
        JournaledWindowStore<StringBuilder> store = JournaledWindowStore.builder(NAME, TEXT).withLoggingDisabled()
                .build();
        store.init(context().getStateStoreContext(), store);
        open.add(store);
        return store;
    }

    private MockProcessorContext<Object, Object> context() {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "journal-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        return new MockProcessorContext<>(properties, new TaskId(0, 0), stateDirectory.toFile());
    }
}
