package io.flowsight.topology.query;

import io.flowsight.topology.TopologyConfig;
import io.flowsight.topology.alert.AddressRanges;
import io.flowsight.topology.alert.AlertDeduplicator;
import io.flowsight.topology.alert.LiveAlert;
import io.flowsight.topology.computations.ComputationPlan;
import io.flowsight.topology.computations.Plans;
import io.flowsight.topology.rank.RankedEntry;
import io.flowsight.topology.rank.Ranking;
import io.flowsight.topology.rank.TopNMerger;
import io.flowsight.topology.rank.WindowTopN;
import io.flowsight.topology.tally.Rekeyed;
import io.flowsight.topology.tally.Tally;
import io.flowsight.topology.tally.TallyDefinition;
import io.flowsight.topology.tally.TallyStores;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Interactive queries (IQv2) over this instance's state stores: live top-N and rejected counts of the windows still
 * open, the final top-N of recently closed windows, recent alerts, and everything the open windows know about one
 * address. Each answer covers the partitions this instance holds; {@link #holderOf} and {@link #instances} say where
 * the rest live, so an HTTP layer can ask the other instances (the metadata-service pattern of Kafka Streams'
 * interactive-query examples).
 */
public final class LiveQueries {
    /** Upper bound of a window's keys: 0xFF never starts a UTF-8 character. */
    private static final byte[] AFTER_ANY_KEY = {(byte) 0xFF};

    /** Where a dimension's numbers live: the tally's store group and definition, and which counter. */
    private record Source(String group, TallyDefinition<?> definition, int counter) {
    }

    private final KafkaStreams streams;
    private final TopologyConfig config;
    private final Optional<HostInfo> self;
    private final AddressRanges<Boolean> internal;
    private final Map<String, Source> ranked = new TreeMap<>();
    private final Map<String, Source> rejections = new TreeMap<>();
    private final Map<String, Source> addressTallies = new LinkedHashMap<>();

    public LiveQueries(KafkaStreams streams, TopologyConfig config) {
        this(streams, config, Optional.empty());
    }

    /** @param self this instance's application.server, to tell keys held here from keys held by another instance */
    public LiveQueries(KafkaStreams streams, TopologyConfig config, Optional<HostInfo> self) {
        this.streams = streams;
        this.config = config;
        this.internal = AddressRanges.of(config.internalCidrs());
        this.self = self;
        for (ComputationPlan<?> plan : Plans.all(config)) {
            plan.direct().forEach(definition -> index(plan.group(), definition));
            for (Rekeyed<?> rekeyed : plan.rekeyed()) {
                if (config.sketchMode() && rekeyed.onlyRanks()) {
                    index(plan.group(), rekeyed.inPlace());
                } else {
                    index(rekeyed.name(), rekeyed.definition());
                }
            }
        }
    }

    private void index(String group, TallyDefinition<?> definition) {
        definition.ranked().forEach(r -> ranked.put(r.dimension(), new Source(group, definition, r.counter())));
        definition.rejections().forEach(r -> rejections.put(r.dimension(), new Source(group, definition, r.count())));
        if (definition.keyIsAddress() && TallyStores.keepsTallies(definition, config.sketchMode())) {
            addressTallies.put(definition.name(), new Source(group, definition, -1));
        }
    }

    /** The ranked dimensions, e.g. vpc_src_bytes. */
    public Collection<String> topDimensions() {
        return ranked.keySet();
    }

    public Collection<String> rejectionDimensions() {
        return rejections.keySet();
    }

    /** The window sizes the topology keeps ({@code flowsight.topology.windows}), shortest first. */
    public List<Duration> windows() {
        return config.windows();
    }

    /** How many entries a top-N list holds ({@code flowsight.topology.top.n}). */
    public int topN() {
        return config.topN();
    }

    /** The top-N of each window of {@code dimension} still open here, oldest first; values still growing. */
    public List<WindowTopN> openTopTalkers(String dimension, Duration window) {
        Source source = source(ranked, dimension, "top-N dimension");
        if (!TallyStores.keepsTallies(source.definition(), config.sketchMode())) {
            throw new IllegalArgumentException("In sketch mode '" + dimension + "' keeps no per-key state, so its "
                    + "open windows cannot be ranked live; its final lists are available once windows close.");
        }
        List<WindowTopN> lists = new ArrayList<>();
        for (long windowStart : openWindows(source, window)) {
            Ranking ranking = new Ranking(config.topN());
            scanWindow(source, window, windowStart, (key, tally) -> {
                long value = tally.counter(source.counter());
                if (value > 0) {
                    ranking.offer(RankedEntry.exact(key, value));
                }
            });
            lists.add(new WindowTopN(dimension, window.toMillis(), windowStart, "live", null, ranking.best(), null));
        }
        return lists;
    }

    /** The final top-N of the last {@code count} closed windows of {@code dimension}, newest first. */
    public List<WindowTopN> closedTopTalkers(String dimension, Duration window, int count) {
        source(ranked, dimension, "top-N dimension");
        String mergeKey = dimension + "|" + window.toMillis();
        List<WindowTopN> lists = new ArrayList<>();
        forEachInRange(TopNMerger.FINAL_STORE, TopNMerger.windowKey(mergeKey, 0),
                TopNMerger.windowKey(mergeKey, Long.MAX_VALUE), (String key, WindowTopN list) -> lists.add(list));
        lists.sort(Comparator.comparingLong(WindowTopN::windowStart).reversed());
        return lists.subList(0, Math.min(count, lists.size()));
    }

    /** The keys with the most rejected traffic in the open windows of {@code dimension}, most first. */
    public List<RankedEntry> openRejected(String dimension, Duration window, int limit) {
        Source source = source(rejections, dimension, "rejected-traffic dimension");
        Map<String, Long> totals = new TreeMap<>();
        for (long windowStart : openWindows(source, window)) {
            scanWindow(source, window, windowStart, (key, tally) -> {
                long count = tally.counter(source.counter());
                if (count > 0) {
                    totals.merge(key, count, Long::sum);
                }
            });
        }
        Ranking ranking = new Ranking(limit);
        totals.forEach((key, count) -> ranking.offer(RankedEntry.exact(key, count)));
        return ranking.best();
    }

    /**
     * The alerts held here, one per address and detector, latest first: those firing, and those resolved within the
     * last quiet period.
     */
    public List<LiveAlert> recentAlerts(int limit) {
        List<LiveAlert> alerts = new ArrayList<>();
        forEachInRange(AlertDeduplicator.STORE, null, null, (String key, LiveAlert alert) -> alerts.add(alert));
        alerts.sort(Comparator.comparingLong(LiveAlert::lastSeen).reversed().thenComparing(LiveAlert::ip));
        return alerts.subList(0, Math.min(limit, alerts.size()));
    }

    /** Whether an address lies in the ranges configured as yours ({@code flowsight.topology.internal.cidrs}). */
    public boolean isInternal(String ip) {
        return internal.contains(ip);
    }

    /** One tally of an address in one open window. */
    public record Activity(String tally, Instant windowStart, Duration window, Map<String, Long> counters,
                           Map<String, Long> distincts) {
    }

    /** What the open windows and the alerts say about one address. */
    public record AddressReport(String address, List<Activity> activity, List<LiveAlert> alerts) {
    }

    public AddressReport address(String address) {
        List<Activity> activity = new ArrayList<>();
        for (Source source : addressTallies.values()) {
            for (Duration window : config.windows()) {
                for (long windowStart : openWindows(source, window)) {
                    Tally tally = liveTally(source, window, windowStart, address);
                    if (tally != null) {
                        activity.add(activity(source.definition(), windowStart, window, tally));
                    }
                }
            }
        }
        List<LiveAlert> alerts = new ArrayList<>();
        forEachInRange(AlertDeduplicator.STORE, address + "|", address + "|~",
                (String key, LiveAlert alert) -> alerts.add(alert));
        return new AddressReport(address, activity, alerts);
    }

    /**
     * The instance holding an address's per-source tallies (raw topics are keyed by address), as its
     * {@code application.server} setting advertises it; empty while the application rebalances or when that setting
     * is not given.
     */
    public Optional<HostInfo> holderOf(String address) {
        Source source = addressTallies.values().iterator().next();
        KeyQueryMetadata metadata = streams.queryMetadataForKey(
                TallyStores.tallyStore(source.definition(), config.windows().get(0)), address,
                Serdes.String().serializer());
        return metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE ? Optional.empty()
                : Optional.of(metadata.activeHost());
    }

    /** The other instance holding an address's tallies, when it is not this one (so an HTTP layer asks it). */
    public Optional<HostInfo> heldElsewhere(String address) {
        return holderOf(address).filter(holder -> self.isPresent() && !holder.equals(self.get()));
    }

    /** Every instance of the application and the stores it holds. */
    public Collection<StreamsMetadata> instances() {
        return streams.metadataForAllStreamsClients();
    }

    private static Activity activity(TallyDefinition<?> definition, long windowStart, Duration window, Tally tally) {
        Map<String, Long> counters = new LinkedHashMap<>();
        for (int i = 0; i < definition.counters().size(); i++) {
            counters.put(definition.counters().get(i), tally.counter(i));
        }
        Map<String, Long> distincts = new LinkedHashMap<>();
        for (int i = 0; i < tally.distinctCounts(); i++) {
            distincts.put(definition.distincts().get(i), tally.distinct(i).count());
        }
        return new Activity(definition.name(), Instant.ofEpochMilli(windowStart), window, counters, distincts);
    }

    /**
     * The open windows of {@code window}: those holding tallies and, for a window folded from panes, those whose panes
     * are still open.
     */
    private TreeSet<Long> openWindows(Source source, Duration window) {
        TreeSet<Long> starts = windowsHoldingTallies(source, window);
        if (foldedFromPanes(source, window)) {
            long size = window.toMillis();
            for (long pane : windowsHoldingTallies(source, config.windows().get(0))) {
                starts.add(Math.floorDiv(pane, size) * size);
            }
        }
        return starts;
    }

    private TreeSet<Long> windowsHoldingTallies(Source source, Duration window) {
        String prefix = TallyStores.openWindowPrefix(source.definition(), window);
        TreeSet<Long> starts = new TreeSet<>();
        forEachInRange(TallyStores.clockStore(source.group()), prefix, prefix + "~",
                (String key, Long windowStart) -> starts.add(windowStart));
        return starts;
    }

    private boolean foldedFromPanes(Source source, Duration window) {
        return TallyStores.foldedFromPanes(source.definition(), window, config.windows(), config.detectorWindow(),
                config.sketchMode());
    }

    /** The open panes (windows of the smallest size) inside {@code [windowStart, windowStart + window)}. */
    private List<Long> openPanesOf(Source source, Duration window, long windowStart) {
        return windowsHoldingTallies(source, config.windows().get(0)).stream()
                .filter(pane -> pane >= windowStart && pane < windowStart + window.toMillis()).toList();
    }

    /** One key's live tally of an open window: for a window folded from panes, its folded part plus its open panes. */
    private Tally liveTally(Source source, Duration window, long windowStart, String key) {
        Tally tally = get(TallyStores.tallyStore(source.definition(), window), TallyStores.tallyKey(windowStart, key));
        if (foldedFromPanes(source, window)) {
            Duration pane = config.windows().get(0);
            for (long paneStart : openPanesOf(source, window, windowStart)) {
                Tally open = get(TallyStores.tallyStore(source.definition(), pane),
                        TallyStores.tallyKey(paneStart, key));
                if (open != null) {
                    tally = tally == null ? open.countsOnly() : tally.plus(open);
                }
            }
        }
        return tally;
    }

    /** Every key's live tally of an open window, in key order (see {@link #liveTally}). */
    private void scanWindow(Source source, Duration window, long windowStart,
                            java.util.function.BiConsumer<String, Tally> consumer) {
        if (!foldedFromPanes(source, window)) {
            scanStoredWindow(source, window, windowStart, consumer);
            return;
        }
        Map<String, Tally> live = new TreeMap<>();
        scanStoredWindow(source, window, windowStart, live::put);
        Duration pane = config.windows().get(0);
        for (long paneStart : openPanesOf(source, window, windowStart)) {
            scanStoredWindow(source, pane, paneStart, (key, open) -> live.merge(key, open.countsOnly(), Tally::plus));
        }
        live.forEach(consumer);
    }

    private void scanStoredWindow(Source source, Duration window, long windowStart,
                                  java.util.function.BiConsumer<String, Tally> consumer) {
        Bytes from = TallyStores.windowPrefix(windowStart);
        Bytes to = Bytes.wrap(concat(from.get(), AFTER_ANY_KEY));
        forEachInRange(TallyStores.tallyStore(source.definition(), window), from, to,
                (Bytes key, Tally tally) -> consumer.accept(TallyStores.keyOf(key), tally));
    }

    private <K, V> void forEachInRange(String store, K from, K to, java.util.function.BiConsumer<K, V> consumer) {
        RangeQuery<K, V> query = from == null ? RangeQuery.withNoBounds() : RangeQuery.withRange(from, to);
        StateQueryResult<KeyValueIterator<K, V>> result = streams.query(StateQueryRequest.inStore(store)
                .withQuery(query));
        for (QueryResult<KeyValueIterator<K, V>> partition : result.getPartitionResults().values()) {
            if (partition.isSuccess()) {
                try (KeyValueIterator<K, V> entries = partition.getResult()) {
                    entries.forEachRemaining((KeyValue<K, V> entry) -> consumer.accept(entry.key, entry.value));
                }
            }
        }
    }

    private <K, V> V get(String store, K key) {
        StateQueryResult<V> result = streams.query(StateQueryRequest.inStore(store).withQuery(KeyQuery.<K, V>withKey(key)));
        for (QueryResult<V> partition : result.getPartitionResults().values()) {
            if (partition.isSuccess() && partition.getResult() != null) {
                return partition.getResult();
            }
        }
        return null;
    }

    private static Source source(Map<String, Source> sources, String dimension, String what) {
        Source source = sources.get(dimension);
        if (source == null) {
            throw new IllegalArgumentException("'" + dimension + "' is not a " + what + "; use one of "
                    + String.join(", ", sources.keySet()) + ".");
        }
        return source;
    }

    private static byte[] concat(byte[] left, byte[] right) {
        byte[] both = java.util.Arrays.copyOf(left, left.length + right.length);
        System.arraycopy(right, 0, both, left.length, right.length);
        return both;
    }
}
