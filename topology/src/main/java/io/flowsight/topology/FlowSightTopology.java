package io.flowsight.topology;

import io.flowsight.schemas.AnomalyWindow;
import io.flowsight.schemas.DeadLetter;
import io.flowsight.schemas.Finding;
import io.flowsight.schemas.RejectedCount;
import io.flowsight.schemas.RuleDocument;
import io.flowsight.schemas.SuspiciousIpAlert;
import io.flowsight.schemas.TopTalkers;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.WatchlistEntry;
import io.flowsight.topology.alert.AddressRanges;
import io.flowsight.topology.alert.AlertDeduplicator;
import io.flowsight.topology.alert.EventClockTicks;
import io.flowsight.topology.alert.LiveAlert;
import io.flowsight.topology.alert.WatchlistMatcher;
import io.flowsight.topology.computations.ComputationPlan;
import io.flowsight.topology.computations.Plans;
import io.flowsight.topology.detect.AlertCandidate;
import io.flowsight.topology.findings.DetectionRules;
import io.flowsight.topology.findings.FindingAlerts;
import io.flowsight.topology.findings.FindingSource;
import io.flowsight.topology.findings.RuleBook;
import io.flowsight.topology.findings.RuleEvaluation;
import io.flowsight.topology.findings.correlation.CorrelationEvent;
import io.flowsight.topology.findings.correlation.CorrelationEventSerde;
import io.flowsight.topology.findings.correlation.CorrelationWindows;
import io.flowsight.topology.rank.PartialTopN;
import io.flowsight.topology.rank.TopNMerger;
import io.flowsight.topology.rank.TopNSketches;
import io.flowsight.topology.rank.WindowTopN;
import io.flowsight.topology.tally.HeartbeatBroadcast;
import io.flowsight.topology.tally.LongArraySerde;
import io.flowsight.topology.tally.RekeyProcessor;
import io.flowsight.topology.tally.Rekeyed;
import io.flowsight.topology.tally.TallyDefinition;
import io.flowsight.topology.tally.TallyStores;
import io.flowsight.topology.tally.WindowedTallyProcessor;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * FlowSight's Kafka Streams application: for each raw topic, per-key window tallies (under the topic's key, and under
 * other keys after a repartition), from which come the top-N talkers, the rejected-traffic counts, the anomaly windows
 * and the alert candidates; a merger of the partitions' top-N lists; the watch-list matcher; the detection rules over
 * CloudTrail and ALB records (findings, and alert candidates from them); and the alert deduplicator. Outputs follow
 * DESIGN.md section 3.
 *
 * <p>Sub-topologies: one per raw topic (tally processors, the watch-list matcher and the rule matcher), one per
 * rekeyed tally, one for the top-N merger and one for the alert deduplicator, so each raw topic's stream time is its
 * own. When a raw topic has rules (CloudTrail, ALB), one more for the correlation rules' windows, fed by one repartition
 * topic per such raw topic ({@code correlation-events-<group>}).
 */
public final class FlowSightTopology {
    /** The global store of the watch-list topic. */
    public static final String WATCHLIST_STORE = "watchlist";
    /** The global store of the rules topic: the Sigma rule files published to it. */
    public static final String PUBLISHED_RULES_STORE = "published-rules";

    private final TopologyConfig config;
    private final TopologySerdes serdes;
    /** Sketch mode's sketch factory; null in exact mode. */
    private final TopNSketches sketches;
    private final StreamsBuilder builder = new StreamsBuilder();
    private final List<KStream<String, PartialTopN>> partials = new ArrayList<>();
    private final List<KStream<String, AlertCandidate>> candidates = new ArrayList<>();
    /** Rule alerts, merged after the detectors' candidates so the existing repartition topics keep their names. */
    private final List<KStream<String, AlertCandidate>> ruleCandidates = new ArrayList<>();
    /** The rules loaded at start and those published to the rules topic since. */
    private final RuleBook rules;
    /** Each raw stream's correlation events, repartitioned by correlation and group. */
    private final List<KStream<String, CorrelationEvent>> correlationEvents = new ArrayList<>();

    private FlowSightTopology(TopologyConfig config, TopologySerdes serdes) {
        this.config = config;
        this.serdes = serdes;
        this.sketches = config.sketchMode() ? new TopNSketches(config.sketchMapSize()) : null;
        this.rules = new RuleBook(DetectionRules.load(config), config.rulesMaxTimespan(),
                config.topicName(Topic.RULES));
    }

    /** The whole topology. */
    public static Topology build(TopologyConfig config, TopologySerdes serdes) {
        return new FlowSightTopology(config, serdes).assemble(Plans.all(config));
    }

    /** A topology of the given plans only (tests and benchmarks of one log family). */
    public static Topology build(TopologyConfig config, TopologySerdes serdes, List<ComputationPlan<?>> plans) {
        return new FlowSightTopology(config, serdes).assemble(plans);
    }

    private Topology assemble(List<ComputationPlan<?>> plans) {
        builder.globalTable(config.topicName(Topic.WATCHLIST), Consumed.with(Serdes.String(),
                        serdes.of(WatchlistEntry.class)),
                Materialized.<String, WatchlistEntry, KeyValueStore<Bytes, byte[]>>as(WATCHLIST_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.of(WatchlistEntry.class)));
        builder.globalTable(config.topicName(Topic.RULES), Consumed.with(Serdes.String(),
                        serdes.of(RuleDocument.class)),
                Materialized.<String, RuleDocument, KeyValueStore<Bytes, byte[]>>as(PUBLISHED_RULES_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.of(RuleDocument.class)));
        for (ComputationPlan<?> plan : plans) {
            addPlan(plan);
        }
        mergeTopN();
        addCorrelations();
        candidates.addAll(ruleCandidates);
        deduplicateAlerts();
        return builder.build();
    }

    private <V> void addPlan(ComputationPlan<V> plan) {
        Serde<V> values = serdes.forRawType(plan.type());
        String topic = config.topicName(plan.topic());
        KStream<String, V> raw = builder.stream(topic, Consumed.with(Serdes.String(), values)
                .withTimestampExtractor(new EventTimeExtractor()).withName("read-" + plan.group()));
        // Sketch mode merges each partition's sketches, so ranking-only tallies need no repartition.
        List<TallyDefinition<V>> direct = new ArrayList<>(plan.direct());
        List<Rekeyed<V>> repartitioned = new ArrayList<>();
        for (Rekeyed<V> rekeyed : plan.rekeyed()) {
            if (sketches != null && rekeyed.onlyRanks()) {
                direct.add(rekeyed.inPlace());
            } else {
                repartitioned.add(rekeyed);
            }
        }
        if (!direct.isEmpty()) {
            List<String> stores = addStores(plan.group(), direct);
            Function<V, byte[]> original = value -> values.serializer().serialize(topic, value);
            route(plan.group(), raw.process(() -> new WindowedTallyProcessor<>(settings(plan), direct,
                    original), Named.as("tally-" + plan.group()), stores.toArray(String[]::new)));
        }
        for (Rekeyed<V> rekeyed : repartitioned) {
            String pending = RekeyProcessor.pendingStore(rekeyed.name());
            builder.addStateStore(RekeyProcessor.pendingStoreBuilder(rekeyed.name()));
            KStream<String, long[]> byKey = raw
                    .process(() -> new RekeyProcessor<>(rekeyed, config.windows().get(0).dividedBy(6), config.pane(),
                            pending), Named.as("rekey-" + rekeyed.name()), pending)
                    .repartition(Repartitioned.<String, long[]>with(Serdes.String(), new LongArraySerde())
                            .withName(rekeyed.name()).withNumberOfPartitions(config.partitions())
                            .withStreamPartitioner(new HeartbeatBroadcast<>()));
            List<String> stores = addStores(rekeyed.name(), List.of(rekeyed.definition()));
            route(rekeyed.name(), byKey.process(() -> new WindowedTallyProcessor<>(
                    settings(plan).afterRepartition(rekeyed.name(), config.partitions()),
                    List.of(rekeyed.definition()), null),
                    Named.as("tally-" + rekeyed.name()), stores.toArray(String[]::new)));
        }
        candidates.add(raw.process(() -> new EventClockTicks<V>(AlertDeduplicator.RESOLVE_CHECK),
                Named.as("event-clock-" + plan.group())));
        candidates.add(raw.process(() -> new WatchlistMatcher<>(WATCHLIST_STORE, plan.logType(), plan.addresses(),
                config.watchlistRefresh(), config.quietPeriod(), config.detectorWindow()),
                Named.as("watchlist-" + plan.group())));
        plan.findings().ifPresent(source -> addRules(plan.group(), raw, source));
    }

    /**
     * The rules over one raw stream, matched once per record: findings to their topic and the alerts of those from an
     * address; and the events correlations count, keyed by correlation and group values and repartitioned on that key
     * (one topic per raw stream, {@code correlation-events-<group>}, whatever fields the rules group by), so each
     * group's events meet in one task. On the raw stream itself, not behind the windows' lateness check, so a late
     * record still meets every rule. Present whatever rules load at start, since rules may be published later.
     */
    private <V> void addRules(String group, KStream<String, V> raw, FindingSource<V> source) {
        Map<String, KStream<String, Object>> outputs = raw
                .process(() -> new RuleEvaluation<>(rules, source, PUBLISHED_RULES_STORE, config.rulesRefresh()),
                        Named.as("rules-" + group))
                .split(Named.as("rules-" + group + "-"))
                .branch((key, value) -> value instanceof Finding, Branched.as("findings"))
                .defaultBranch(Branched.as("correlation-events"));
        KStream<String, Finding> findings = outputs.get("rules-" + group + "-findings")
                .mapValues(value -> (Finding) value, Named.as("rules-" + group + "-finding"));
        findings.to(config.topicName(Topic.FINDINGS), Produced.with(Serdes.String(), serdes.of(Finding.class))
                .withName("findings-" + group));
        addRuleAlerts("rule-alerts-" + group, findings);
        correlationEvents.add(outputs.get("rules-" + group + "-correlation-events")
                .mapValues(value -> (CorrelationEvent) value, Named.as("rules-" + group + "-correlation-event"))
                .repartition(Repartitioned.with(Serdes.String(), new CorrelationEventSerde())
                        .withName("correlation-events-" + group).withNumberOfPartitions(config.partitions())));
    }

    private void addRuleAlerts(String name, KStream<String, Finding> findings) {
        Duration window = config.detectorWindow();
        ruleCandidates.add(findings.flatMap((key, finding) -> FindingAlerts.candidate(finding, window)
                .map(candidate -> List.of(KeyValue.pair(candidate.ip(), candidate))).orElse(List.of()),
                Named.as(name)));
    }

    /**
     * The correlation rules' windows over every raw stream's correlation events, in one sub-topology (a correlation
     * may refer to rules over different logs): their findings to the findings topic, and alerts from those.
     */
    private void addCorrelations() {
        if (correlationEvents.isEmpty()) {
            return;
        }
        KStream<String, CorrelationEvent> all = correlationEvents.stream().reduce(KStream::merge).orElseThrow();
        List<String> stores = new ArrayList<>();
        for (StoreBuilder<?> store : CorrelationWindows.storeBuilders(config.rulesMaxTimespan(), config.grace())) {
            builder.addStateStore(store);
            stores.add(store.name());
        }
        KStream<String, Finding> findings = all.process(() -> new CorrelationWindows(rules, PUBLISHED_RULES_STORE,
                config.rulesRefresh(), config.grace()), Named.as("correlation-windows"), stores.toArray(String[]::new));
        findings.to(config.topicName(Topic.FINDINGS), Produced.with(Serdes.String(), serdes.of(Finding.class))
                .withName("findings-correlations"));
        addRuleAlerts("correlation-alerts", findings);
    }

    private List<String> addStores(String group, List<? extends TallyDefinition<?>> definitions) {
        List<String> names = new ArrayList<>();
        for (StoreBuilder<?> store : TallyStores.builders(group, definitions, config.windows(), sketches)) {
            builder.addStateStore(store);
            names.add(store.name());
        }
        return names;
    }

    private WindowedTallyProcessor.Settings settings(ComputationPlan<?> plan) {
        return new WindowedTallyProcessor.Settings(plan.group(), plan.logType(), config.windows(), config.grace(), config.detectorWindow(),
                config.topN(), config.baselineAlpha(), config.baselineMinHistory(), config.baselineHorizon(),
                config.exactDistinctLimit(), 0, sketches);
    }

    /**
     * Sends each kind of tally output where it belongs: one branch per type, tested in order of how often it comes
     * (a closing window sends a rejected count per key), so a record meets one or two tests, not one per type.
     */
    private void route(String group, KStream<String, Object> outputs) {
        Map<String, KStream<String, Object>> byType = outputs.split(Named.as(group + "-"))
                .branch((key, value) -> value instanceof RejectedCount, Branched.as("rejected"))
                .branch((key, value) -> value instanceof AlertCandidate, Branched.as("candidates"))
                .branch((key, value) -> value instanceof PartialTopN, Branched.as("partials"))
                .branch((key, value) -> value instanceof AnomalyWindow, Branched.as("anomalies"))
                .branch((key, value) -> value instanceof DeadLetter, Branched.as("late"))
                .noDefaultBranch();
        ofType(byType, RejectedCount.class, group, "rejected").to(config.topicName(Topic.REJECTED),
                Produced.with(Serdes.String(), serdes.of(RejectedCount.class)));
        ofType(byType, AnomalyWindow.class, group, "anomalies").to(config.topicName(Topic.ANOMALIES),
                Produced.with(Serdes.String(), serdes.of(AnomalyWindow.class)));
        ofType(byType, DeadLetter.class, group, "late").to(config.topicName(Topic.DEAD_LETTER),
                Produced.with(Serdes.String(), serdes.of(DeadLetter.class)));
        partials.add(ofType(byType, PartialTopN.class, group, "partials"));
        candidates.add(ofType(byType, AlertCandidate.class, group, "candidates"));
    }

    /** The branch of one kind of output, typed (nodes named {@code group-what} and {@code group-as-what}). */
    private static <T> KStream<String, T> ofType(Map<String, KStream<String, Object>> byType, Class<T> type,
                                                 String group, String what) {
        return byType.get(group + "-" + what).mapValues(value -> type.cast(value), Named.as(group + "-as-" + what));
    }

    private void mergeTopN() {
        if (partials.isEmpty()) {
            return;
        }
        KStream<String, PartialTopN> all = repartitionAll(partials, "topn-partials",
                Repartitioned.with(Serdes.String(), new JsonSerde<>(PartialTopN.class)), 1);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopNMerger.PENDING_STORE),
                Serdes.String(), new JsonSerde<>(WindowTopN.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopNMerger.PROGRESS_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TopNMerger.FINAL_STORE),
                Serdes.String(), new JsonSerde<>(WindowTopN.class)));
        TopNSketches merging = new TopNSketches(config.sketchMapSize());
        all.process(() -> new TopNMerger(config.partitions(), config.topN(), merging), Named.as("topn-merger"),
                        TopNMerger.PENDING_STORE, TopNMerger.PROGRESS_STORE, TopNMerger.FINAL_STORE)
                .to(config.topicName(Topic.TOP_TALKERS), Produced.with(Serdes.String(), serdes.of(TopTalkers.class)));
    }

    private void deduplicateAlerts() {
        KStream<String, AlertCandidate> all = repartitionAll(candidates, "alert-candidates",
                Repartitioned.with(Serdes.String(), new JsonSerde<>(AlertCandidate.class))
                        .withStreamPartitioner(new HeartbeatBroadcast<>()), config.partitions());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AlertDeduplicator.STORE),
                Serdes.String(), new JsonSerde<>(LiveAlert.class)));
        all.process(() -> new AlertDeduplicator(config.quietPeriod(), config.grace(),
                        AddressRanges.of(config.internalCidrs())),
                        Named.as("alert-deduplicator"), AlertDeduplicator.STORE)
                .to(config.topicName(Topic.ALERTS), Produced.with(Serdes.String(), serdes.of(SuspiciousIpAlert.class)));
    }

    /**
     * Repartitions each stream (they come from different sub-topologies) and merges the results, so that one
     * downstream sub-topology sees them all, co-partitioned by key.
     */
    private static <T> KStream<String, T> repartitionAll(List<KStream<String, T>> streams, String name,
                                                         Repartitioned<String, T> how, int partitions) {
        KStream<String, T> merged = null;
        int i = 0;
        for (KStream<String, T> stream : streams) {
            KStream<String, T> repartitioned = stream.repartition(how.withName(name + "-" + i++)
                    .withNumberOfPartitions(partitions));
            merged = merged == null ? repartitioned : merged.merge(repartitioned);
        }
        return merged;
    }
}
