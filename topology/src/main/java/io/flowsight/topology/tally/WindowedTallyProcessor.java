package io.flowsight.topology.tally;

import io.flowsight.schemas.AnomalyWindow;
import io.flowsight.schemas.DeadLetter;
import io.flowsight.schemas.Heartbeat;
import io.flowsight.schemas.RejectedCount;
import io.flowsight.topology.detect.AlertCandidate;
import io.flowsight.topology.detect.Baseline;
import io.flowsight.topology.detect.Detector;
import io.flowsight.topology.rank.PartialTopN;
import io.flowsight.topology.rank.Ranking;
import io.flowsight.topology.rank.SketchStore;
import io.flowsight.topology.rank.TopNSketches;
import io.flowsight.topology.state.JournaledWindowStore;
import io.flowsight.topology.state.WriteBackStore;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Tallies the records of one input stream per key and tumbling window for a group of {@link TallyDefinition}s, and
 * acts on the tallies: while a window is open, detectors whose bar a record crosses raise alert candidates at once;
 * when stream time passes a window's end plus grace, the window is final: its ranked dimensions go to the top-N
 * merger as partial lists, its rejected counts and anomalies are written, and its tallies are deleted.
 *
 * <p>Time on a raw topic: the processor keeps its own stream time (the largest event time it has seen, heartbeats
 * included), so windows close at the same points whatever else shares the task. A record whose window has already
 * closed is late: it is counted and sent to the dead-letter topic with reason {@code late}, never silently dropped;
 * windows of other sizes that are still open count it.
 *
 * <p>Time after a repartition ({@code upstreamPartitions > 0}): records arrive from every raw partition, so stream
 * time is the smallest of the raw partitions' watermarks (see {@link RekeyProcessor}), not the largest timestamp. A
 * record late here is then late on its raw partition as well and dead-lettered there with its original bytes; here it
 * is only counted.
 *
 * <p>Output values are {@link PartialTopN}, {@link RejectedCount}, {@link AnomalyWindow}, {@link AlertCandidate} and
 * {@link DeadLetter}; the topology routes them by type.
 */
public final class WindowedTallyProcessor<V> implements Processor<String, V, String, Object> {
    private static final String CLOCK_KEY = "stream-time";
    private static final String WATERMARK_PREFIX = "watermark|";
    private static final double[] NO_BARS = new double[0];

    /** What the processor needs beyond its definitions. */
    public record Settings(String group, String logType, List<Duration> windows, Duration grace, Duration detectorWindow, int topN,
                           double baselineAlpha, int baselineMinHistory, Duration baselineHorizon,
                           int exactDistinctLimit, int upstreamPartitions, TopNSketches sketches) {
        /** The same settings for a tally after a repartition from {@code partitions} raw partitions. */
        public Settings afterRepartition(String otherGroup, int partitions) {
            return new Settings(otherGroup, logType, windows, grace, detectorWindow, topN, baselineAlpha, baselineMinHistory,
                    baselineHorizon, exactDistinctLimit, partitions, sketches);
        }

        /** Sketch mode: ranked dimensions are frequent-items sketches; null in exact mode. */
        public TopNSketches sketches() {
            return sketches;
        }
    }

    private final Settings settings;
    private final List<TallyDefinition<V>> definitions;
    private final Function<V, byte[]> originalBytes;
    private final long grace;
    private final long detectorWindow;
    private final TallyUpdate update;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Long> clockStore;
    private Sensor lateRecords;
    private Sensor forgottenBaselines;
    private long streamTime = Long.MIN_VALUE;
    /** After a repartition: the newest watermark of each raw partition (absent until it reports). */
    private long[] watermarks;
    /** Per definition (outer) and window size (inner). */
    private Slot[][] slots;

    /** One definition at one window size: its store, how far it is closed, and which windows hold tallies. */
    private final class Slot {
        final TallyDefinition<V> definition;
        final long size;
        final boolean judged;
        final boolean keepsTallies;
        final String progressKey;
        /** Whether this window's tallies or sketches are folded from closed panes (the smallest window). */
        boolean folded;
        /** On the smallest window: the longer windows its closed tallies fold into. */
        final List<Slot> foldInto = new ArrayList<>();
        JournaledWindowStore<Tally> tallies;
        SketchStore sketches;
        /** Sketch mode: the window whose sketch keys {@link #windowSketches} holds. */
        long sketchWindow = Long.MIN_VALUE;
        String[] windowSketches;
        WriteBackStore<String, Baseline> baselines;
        long closedThrough = Long.MIN_VALUE;
        final TreeSet<Long> openWindows = new TreeSet<>();
        /** The window most recently found in {@link #openWindows}; reset when it closes. */
        long lastMarkedOpen = Long.MIN_VALUE;

        Slot(TallyDefinition<V> definition, long size) {
            this.definition = definition;
            this.size = size;
            this.judged = size == detectorWindow && !definition.detectors().isEmpty();
            this.keepsTallies = TallyStores.keepsTallies(definition, settings.sketches() != null);
            this.windowSketches = new String[definition.ranked().size()];
            this.progressKey = "closed|" + definition.name() + "|" + size;
        }

        String openKey(long windowStart) {
            return TallyStores.openWindowPrefix(definition, Duration.ofMillis(size)) + windowStart;
        }
    }

    /**
     * @param originalBytes re-encodes a record as it was on its topic (same serde), for the dead letter of a late one;
     *                      null after a repartition, where late records are only counted
     */
    public WindowedTallyProcessor(Settings settings, List<TallyDefinition<V>> definitions,
                                  Function<V, byte[]> originalBytes) {
        this.settings = settings;
        this.definitions = List.copyOf(definitions);
        this.originalBytes = originalBytes;
        this.grace = settings.grace().toMillis();
        this.detectorWindow = settings.detectorWindow().toMillis();
        this.update = new TallyUpdate(settings.exactDistinctLimit());
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.clockStore = context.getStateStore(TallyStores.clockStore(settings.group()));
        this.lateRecords = context.metrics().addRateTotalSensor("flowsight-topology", settings.group(),
                "late-records", org.apache.kafka.common.metrics.Sensor.RecordingLevel.INFO);
        this.forgottenBaselines = context.metrics().addRateTotalSensor("flowsight-topology", settings.group(),
                "forgotten-baselines", org.apache.kafka.common.metrics.Sensor.RecordingLevel.INFO);
        Long persisted = clockStore.get(CLOCK_KEY);
        streamTime = persisted == null ? Long.MIN_VALUE : persisted;
        if (settings.upstreamPartitions() > 0) {
            watermarks = new long[settings.upstreamPartitions()];
            for (int p = 0; p < watermarks.length; p++) {
                Long watermark = clockStore.get(WATERMARK_PREFIX + p);
                watermarks[p] = watermark == null ? Long.MIN_VALUE : watermark;
            }
        }
        slots = new WindowedTallyProcessor.Slot[definitions.size()][];
        for (int d = 0; d < definitions.size(); d++) {
            TallyDefinition<V> definition = definitions.get(d);
            slots[d] = new WindowedTallyProcessor.Slot[settings.windows().size()];
            for (int w = 0; w < settings.windows().size(); w++) {
                Slot slot = new Slot(definition, settings.windows().get(w).toMillis());
                if (slot.keepsTallies) {
                    slot.tallies = context.getStateStore(TallyStores.tallyStore(definition, settings.windows().get(w)));
                }
                if (TallyStores.keepsSketches(definition, settings.sketches() != null)) {
                    slot.sketches = context.getStateStore(TallyStores.sketchStore(definition, settings.windows().get(w)));
                }
                if (!definition.detectors().isEmpty()) {
                    slot.baselines = context.getStateStore(TallyStores.baselineStore(definition));
                }
                Long closed = clockStore.get(slot.progressKey);
                slot.closedThrough = closed == null ? Long.MIN_VALUE : closed;
                String prefix = TallyStores.openWindowPrefix(definition, settings.windows().get(w));
                try (KeyValueIterator<String, Long> open = clockStore.prefixScan(prefix, new StringSerializer())) {
                    open.forEachRemaining(entry -> slot.openWindows.add(entry.value));
                }
                slots[d][w] = slot;
                if (w > 0 && TallyStores.foldedFromPanes(definition, settings.windows().get(w), settings.windows(),
                        settings.detectorWindow(), settings.sketches() != null)) {
                    slot.folded = true;
                    slots[d][0].foldInto.add(slot);
                }
            }
        }
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.value() == null) {
            if (Heartbeat.isHeartbeat(record.headers())) {
                if (watermarks == null) {
                    advance(record.timestamp());
                } else {
                    watermark(RekeyProcessor.upstreamPartition(record.headers()), record.timestamp());
                }
            }
            return;
        }
        long timestamp = record.timestamp();
        if (watermarks == null) {
            advance(timestamp);
        }
        V value = record.value();
        List<String> missed = null;
        for (Slot[] definitionSlots : slots) {
            String key = definitionSlots[0].definition.keyOf(record.key(), value);
            if (key == null) {
                continue;
            }
            boolean paneTook = false;
            for (Slot slot : definitionSlots) {
                long windowStart = windowStart(timestamp, slot.size);
                if (windowStart < slot.closedThrough) {
                    if (missed == null) {
                        missed = new ArrayList<>();
                    }
                    missed.add(slot.definition.name() + "/" + TallyStores.label(Duration.ofMillis(slot.size)));
                    continue;
                }
                if (slot.folded && paneTook) {
                    continue; // added when its pane closes
                }
                tally(slot, key, value, windowStart, timestamp);
                paneTook |= slot == definitionSlots[0];
            }
        }
        if (missed != null) {
            lateRecords.record();
            if (watermarks == null) {
                deadLetterLate(record, missed);
            }
        }
    }

    private void watermark(int partition, long time) {
        if (partition < 0 || partition >= watermarks.length || time <= watermarks[partition]) {
            return;
        }
        watermarks[partition] = time;
        clockStore.put(WATERMARK_PREFIX + partition, time);
        long slowest = Long.MAX_VALUE;
        for (long watermark : watermarks) {
            slowest = Math.min(slowest, watermark);
        }
        if (slowest != Long.MIN_VALUE) {
            advance(slowest);
        }
    }

    private void tally(Slot slot, String key, V value, long windowStart, long timestamp) {
        markOpen(slot, windowStart);
        if (!slot.keepsTallies) {
            Tally scratch = slot.definition.newTally(NO_BARS, false);
            slot.definition.addTo(value, update.on(scratch));
            sketch(slot, key, windowStart, scratch);
            return;
        }
        Tally tally;
        double[] before;
        synchronized (slot.tallies) { // interactive queries copy tallies under the same monitor
            tally = slot.tallies.getForUpdate(windowStart, key);
            boolean created = tally == null;
            if (created) {
                tally = slot.definition.newTally(slot.judged ? bars(slot, key, windowStart) : NO_BARS, slot.judged);
            }
            before = slot.judged ? measures(slot.definition, tally) : null;
            slot.definition.addTo(value, update.on(tally));
            tally.seen(timestamp);
            if (created) {
                slot.tallies.put(windowStart, key, tally);
            }
        }
        if (before != null && slot.definition.keyIsAddress()) {
            raiseCrossed(slot, key, windowStart, tally, before);
        }
    }

    /** Records that the slot holds a window at {@code windowStart} (looked up once per window, not per record). */
    private void markOpen(Slot slot, long windowStart) {
        if (windowStart != slot.lastMarkedOpen) {
            if (slot.openWindows.add(windowStart)) {
                clockStore.put(slot.openKey(windowStart), windowStart);
            }
            slot.lastMarkedOpen = windowStart;
        }
    }

    /**
     * Sketch mode: adds one record's ranked counters to the window's sketch of each dimension. Only definitions that
     * keep no tallies are sketched ({@link TallyStores#keepsSketches}), so the record's own tally is all there is.
     */
    private void sketch(Slot slot, String key, long windowStart, Tally record) {
        List<TallyDefinition.Ranked> ranked = slot.definition.ranked();
        if (slot.sketchWindow != windowStart) {
            // Records mostly fall in the newest window: look its sketches up once, not per record.
            slot.sketchWindow = windowStart;
            for (int r = 0; r < ranked.size(); r++) {
                slot.windowSketches[r] = sketchKey(windowStart, ranked.get(r).dimension());
            }
        }
        for (int r = 0; r < ranked.size(); r++) {
            long increment = record.counter(ranked.get(r).counter());
            if (increment > 0) {
                slot.sketches.forUpdate(slot.windowSketches[r]).update(key, increment);
            }
        }
    }

    private static String sketchKey(long windowStart, String dimension) {
        return windowStart + "|" + dimension;
    }

    private double[] bars(Slot slot, String key, long windowStart) {
        List<Detector> detectors = slot.definition.detectors();
        double[] bars = new double[detectors.size()];
        Baseline baseline = slot.baselines.get(key);
        Baseline now = baseline == null ? null : baseline.at(windowStart, slot.size, settings.baselineAlpha());
        for (int i = 0; i < bars.length; i++) {
            Detector detector = detectors.get(i);
            if (detector.kind() == Detector.Kind.THRESHOLD) {
                bars[i] = detector.threshold();
            } else if (now != null && now.windows() >= settings.baselineMinHistory()) {
                bars[i] = Math.max(detector.floor(), now.mean(i) + detector.threshold() * now.spread(i));
            } else {
                bars[i] = Double.POSITIVE_INFINITY;
            }
        }
        return bars;
    }

    private static double[] measures(TallyDefinition<?> definition, Tally tally) {
        List<Detector> detectors = definition.detectors();
        double[] values = new double[detectors.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = detectors.get(i).measure().of(tally);
        }
        return values;
    }

    private void raiseCrossed(Slot slot, String key, long windowStart, Tally tally, double[] before) {
        List<Detector> detectors = slot.definition.detectors();
        for (int i = 0; i < before.length; i++) {
            Detector detector = detectors.get(i);
            if (!detector.alerts()) {
                continue;
            }
            double bar = tally.bar(i);
            double after = detector.measure().of(tally);
            if (before[i] < bar && after >= bar && IpAddresses.isLiteral(key)) {
                Map<String, String> evidence = alertEvidence(detector, after, bar, windowStart, slot.size);
                addSample(evidence, detector, tally);
                double score = detector.kind() == Detector.Kind.THRESHOLD ? after / detector.threshold() : after / bar;
                String summary = key + ": " + format(after) + " " + detector.measure().name().replace('_', ' ')
                        + " in the " + TallyStores.label(Duration.ofMillis(slot.size)) + " window from "
                        + Instant.ofEpochMilli(windowStart) + ", at or above the " + detector.name() + " bar of "
                        + format(bar) + ".";
                context.forward(new Record<>(key, new AlertCandidate(key, detector.alert(), detector.severity(),
                        windowStart, windowStart + slot.size, tally.firstSeen(), tally.lastSeen(), round(score),
                        summary, evidence, settings.logType()), tally.lastSeen()));
            }
        }
    }

    /**
     * The alert of a baseline anomaly no record raised while its window was open: when the window opened, the key's
     * earlier windows had not closed yet (they close a grace period after their end), so there was no bar to cross.
     * Replayed or bursty input meets this; the alert then comes when the window closes, with the full baseline.
     */
    private void alertAtClose(Slot slot, String key, long windowStart, Tally tally, Detector detector, double observed,
                              double score, double bar) {
        Map<String, String> evidence = alertEvidence(detector, observed, bar, windowStart, slot.size);
        evidence.put("raised", "at window close");
        String summary = key + ": " + format(observed) + " " + detector.measure().name().replace('_', ' ')
                + " in the " + TallyStores.label(Duration.ofMillis(slot.size)) + " window from "
                + Instant.ofEpochMilli(windowStart) + ", " + format(score) + " spreads above its baseline (bar "
                + format(bar) + ").";
        context.forward(new Record<>(key, new AlertCandidate(key, detector.alert(), detector.severity(), windowStart,
                windowStart + slot.size, tally.firstSeen(), tally.lastSeen(), round(observed / bar), summary, evidence,
                settings.logType()), tally.lastSeen()));
    }

    /** What every alert says of the crossing: the measure, its value, the bar and the window. */
    private static Map<String, String> alertEvidence(Detector detector, double observed, double bar, long windowStart,
                                                     long size) {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("measure", detector.measure().name());
        evidence.put("observed", format(observed));
        evidence.put("bar", format(bar));
        evidence.put("window", Instant.ofEpochMilli(windowStart) + "/" + Instant.ofEpochMilli(windowStart + size));
        return evidence;
    }

    private static void addSample(Map<String, String> evidence, Detector detector, Tally tally) {
        if (detector.measure().distinct()) {
            DistinctCount distinct = tally.distinct(detector.measure().index());
            evidence.put("estimated", String.valueOf(distinct.isEstimate()));
            if (!distinct.isEstimate()) {
                evidence.put("sample", String.join(",", distinct.sample(10).stream().sorted().toList()));
            }
        }
    }

    /** Moves stream time to {@code timestamp} if later, closing every window it passes. */
    private void advance(long timestamp) {
        if (timestamp <= streamTime) {
            return;
        }
        streamTime = timestamp;
        boolean closedAny = false;
        for (Slot[] definitionSlots : slots) {
            for (Slot slot : definitionSlots) {
                long closeBefore = windowStart(streamTime - grace, slot.size);
                // Also on the first advance, which may come after records (after a repartition, time starts only
                // once every raw partition has reported) and reports progress even without windows: the merger
                // waits for every partition, and one without records for a dimension has nothing else to say.
                if (closeBefore > slot.closedThrough) {
                    close(slot, closeBefore);
                    closedAny = true;
                }
            }
        }
        if (closedAny) {
            clockStore.put(CLOCK_KEY, streamTime);
        }
    }

    private void close(Slot slot, long closeBefore) {
        while (!slot.openWindows.isEmpty() && slot.openWindows.first() < closeBefore) {
            long windowStart = slot.openWindows.pollFirst();
            if (windowStart == slot.lastMarkedOpen) {
                slot.lastMarkedOpen = Long.MIN_VALUE;
            }
            closeWindow(slot, windowStart);
            clockStore.delete(slot.openKey(windowStart));
        }
        long closedBefore = slot.closedThrough;
        slot.closedThrough = closeBefore;
        clockStore.put(slot.progressKey, closeBefore);
        reportProgress(slot, closeBefore);
        if (slot.judged && crossesSweep(closedBefore, closeBefore)) {
            forgetSilentKeys(slot, closeBefore);
        }
    }

    /** Baselines are swept for silent keys 24 times per horizon of event time (hourly for the default day). */
    private boolean crossesSweep(long before, long after) {
        long every = Math.max(1, settings.baselineHorizon().toMillis() / 24);
        return before != Long.MIN_VALUE && Math.floorDiv(before, every) != Math.floorDiv(after, every);
    }

    /**
     * Deletes the baselines of keys silent for longer than the horizon before {@code closeBefore}: without it, every
     * address ever seen (each scanner of the internet) would keep one forever.
     */
    private void forgetSilentKeys(Slot slot, long closeBefore) {
        long forgetBefore = closeBefore - settings.baselineHorizon().toMillis();
        List<String> silent = new ArrayList<>();
        try (KeyValueIterator<String, Baseline> all = slot.baselines.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.lastWindowStart() < forgetBefore) {
                    silent.add(entry.key);
                }
            });
        }
        silent.forEach(slot.baselines::delete);
        forgottenBaselines.record(silent.size());
    }

    /** Tells the merger that every window of {@code slot} starting before {@code closeBefore} is closed here. */
    private void reportProgress(Slot slot, long closeBefore) {
        for (TallyDefinition.Ranked ranked : slot.definition.ranked()) {
            context.forward(new Record<>(ranked.dimension(), new PartialTopN(ranked.dimension(), slot.size, null,
                    partition(), closeBefore, List.of(), null), closeBefore));
        }
    }

    private void closeWindow(Slot slot, long windowStart) {
        TallyDefinition<V> definition = slot.definition;
        List<TallyDefinition.Ranked> rankedDimensions = definition.ranked();
        Ranking[] rankings = new Ranking[slot.sketches == null ? rankedDimensions.size() : 0];
        Arrays.setAll(rankings, i -> new Ranking(settings.topN()));
        long windowEnd = windowStart + slot.size;
        long outputTime = windowEnd - 1;
        if (slot.keepsTallies) {
            closeTallies(slot, windowStart, rankings);
        }
        // Claim progress only up to this window's end: the windows after it, closing in the same step, have not
        // been sent yet, and the merger must not finish them without this partition's list.
        for (int r = 0; r < rankedDimensions.size(); r++) {
            String dimension = rankedDimensions.get(r).dimension();
            if (slot.sketches == null) {
                context.forward(new Record<>(dimension, new PartialTopN(dimension, slot.size, windowStart,
                        partition(), windowEnd, rankings[r].best(), null), outputTime));
            } else {
                ItemsSketch<String> sketch = slot.sketches.remove(sketchKey(windowStart, dimension));
                if (sketch != null) {
                    for (Slot longer : slot.foldInto) {
                        foldSketch(longer, dimension, windowStart, sketch);
                    }
                    context.forward(new Record<>(dimension, new PartialTopN(dimension, slot.size, windowStart,
                            partition(), windowEnd, List.of(), settings.sketches().serialize(sketch)), outputTime));
                }
            }
        }
    }

    /** Ranks (exact mode), counts rejections and judges the tallies of a closing window, then deletes them. */
    private void closeTallies(Slot slot, long windowStart, Ranking[] rankings) {
        TallyDefinition<V> definition = slot.definition;
        List<TallyDefinition.Ranked> rankedDimensions = definition.ranked();
        long windowEnd = windowStart + slot.size;
        long outputTime = windowEnd - 1;
        String rejectedKeyPrefix = Instant.ofEpochMilli(windowStart) + "|" + Duration.ofMillis(slot.size) + "|";
        for (Map.Entry<String, Tally> entry : slot.tallies.entries(windowStart)) {
            String key = entry.getKey();
            Tally tally = entry.getValue();
            for (int r = 0; r < rankings.length; r++) {
                long value = tally.counter(rankedDimensions.get(r).counter());
                if (value > 0) {
                    rankings[r].offer(key, value);
                }
            }
            for (TallyDefinition.Rejections rejections : definition.rejections()) {
                long count = tally.counter(rejections.count());
                if (count > 0) {
                    RejectedCount rejected = RejectedCount.newBuilder()
                            .setWindowStart(Instant.ofEpochMilli(windowStart))
                            .setWindowEnd(Instant.ofEpochMilli(windowEnd)).setLogType(definition.logType())
                            .setDimension(rejections.dimension()).setKey(key).setCount(count)
                            .setBytes(rejections.bytes() < 0 ? null : tally.counter(rejections.bytes())).build();
                    context.forward(new Record<>(rejectedKeyPrefix + rejections.dimension() + "|" + key, rejected,
                            outputTime));
                }
            }
            for (Slot longer : slot.foldInto) {
                fold(longer, key, windowStart, tally);
            }
            if (slot.judged) {
                judge(slot, key, windowStart, tally);
            }
        }
        slot.tallies.drop(windowStart);
    }

    /**
     * Adds a closed pane's tally of {@code key} to the longer window holding the pane: one state update per key and
     * pane instead of one per record. The longer window is still open: it closes at the same grace after its end, and
     * its last pane closes first, in the same step.
     */
    private void fold(Slot longer, String key, long paneStart, Tally pane) {
        long windowStart = windowStart(paneStart, longer.size);
        if (windowStart < longer.closedThrough) {
            return;
        }
        markOpen(longer, windowStart);
        synchronized (longer.tallies) {
            Tally tally = longer.tallies.getForUpdate(windowStart, key);
            if (tally == null) {
                tally = longer.definition.newTally(NO_BARS, false);
                longer.tallies.put(windowStart, key, tally);
            }
            tally.add(pane);
        }
    }

    /**
     * Sketch mode: merges a closed pane's sketch into the sketch of the longer window holding it, instead of updating
     * both per record. A merge of frequent-items sketches keeps the guarantee of one sketch fed every record: the same
     * counts while neither purges, and bounds that still hold the true values when they do.
     */
    private void foldSketch(Slot longer, String dimension, long paneStart, ItemsSketch<String> pane) {
        long windowStart = windowStart(paneStart, longer.size);
        if (windowStart < longer.closedThrough) {
            return;
        }
        markOpen(longer, windowStart);
        longer.sketches.forUpdate(sketchKey(windowStart, dimension)).merge(pane);
    }

    /** Reports the anomalies of a closed window and folds the window into the key's baseline. */
    private void judge(Slot slot, String key, long windowStart, Tally tally) {
        List<Detector> detectors = slot.definition.detectors();
        Baseline stored = slot.baselines.get(key);
        Baseline baseline = stored == null ? new Baseline(detectors.size())
                : stored.at(windowStart, slot.size, settings.baselineAlpha());
        boolean experienced = baseline.windows() >= settings.baselineMinHistory();
        double[] observed = measures(slot.definition, tally);
        double[] caps = new double[detectors.size()];
        for (int i = 0; i < detectors.size(); i++) {
            Detector detector = detectors.get(i);
            caps[i] = Double.POSITIVE_INFINITY;
            double score;
            boolean anomalous;
            if (detector.kind() == Detector.Kind.THRESHOLD) {
                score = observed[i] / detector.threshold();
                anomalous = observed[i] >= detector.threshold();
                caps[i] = detector.threshold();
            } else {
                score = baseline.score(i, observed[i]);
                anomalous = experienced && observed[i] >= detector.floor() && score >= detector.threshold();
                if (experienced) {
                    caps[i] = baseline.mean(i) + detector.threshold() * baseline.spread(i);
                }
            }
            if (anomalous) {
                Map<String, String> evidence = new HashMap<>();
                evidence.put("measure", detector.measure().name());
                evidence.put("history_windows", String.valueOf(baseline.windows()));
                evidence.put("first_seen", Instant.ofEpochMilli(tally.firstSeen()).toString());
                evidence.put("last_seen", Instant.ofEpochMilli(tally.lastSeen()).toString());
                addSample(evidence, detector, tally);
                AnomalyWindow anomaly = AnomalyWindow.newBuilder()
                        .setWindowStart(Instant.ofEpochMilli(windowStart))
                        .setWindowEnd(Instant.ofEpochMilli(windowStart + slot.size)).setDetector(detector.name())
                        .setKey(key).setObserved(observed[i]).setExpected(round(baseline.windows() == 0 ? 0 : baseline.mean(i)))
                        .setSpread(baseline.windows() == 0 ? null : round(baseline.spread(i))).setScore(round(score))
                        .setThreshold(detector.threshold()).setEvidence(evidence).build();
                context.forward(new Record<>(Instant.ofEpochMilli(windowStart) + "|" + detector.name() + "|" + key,
                        anomaly, windowStart + slot.size - 1));
                if (detector.kind() == Detector.Kind.BASELINE && detector.alerts() && !(observed[i] >= tally.bar(i))) {
                    alertAtClose(slot, key, windowStart, tally, detector, observed[i], score, caps[i]);
                }
            }
        }
        baseline.update(windowStart, slot.size, settings.baselineAlpha(), observed, caps);
        slot.baselines.put(key, baseline);
    }

    private void deadLetterLate(Record<String, V> record, List<String> missed) {
        RecordMetadata metadata = context.recordMetadata().orElse(null);
        String source = metadata == null ? "kafka" : "kafka:" + metadata.topic() + "/" + metadata.partition();
        String logType = definitions.get(0).logType();
        String error = "Event time " + Instant.ofEpochMilli(record.timestamp()) + " is more than the grace of "
                + Duration.ofMillis(grace) + " behind stream time " + Instant.ofEpochMilli(streamTime)
                + ", so its window had already closed for " + String.join(", ", missed)
                + "; those aggregates do not include it.";
        DeadLetter letter = DeadLetter.newBuilder().setSource(source).setLogType(logType).setLineNumber(null)
                .setByteOffset(metadata == null ? null : metadata.offset()).setReason("late").setError(error)
                .setPayload(ByteBuffer.wrap(originalBytes.apply(record.value())))
                .setRecordTime(Instant.ofEpochMilli(record.timestamp()))
                .setEventTime(Instant.ofEpochMilli(context.currentSystemTimeMs())).build();
        context.forward(new Record<>(source, letter, record.timestamp()));
    }

    private int partition() {
        return context.taskId().partition();
    }

    static long windowStart(long timestamp, long size) {
        return Math.floorDiv(timestamp, size) * size;
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(round(value));
    }
}
