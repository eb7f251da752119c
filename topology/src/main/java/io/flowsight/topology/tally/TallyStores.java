package io.flowsight.topology.tally;

import io.flowsight.topology.detect.Baseline;
import io.flowsight.topology.rank.SketchStore;
import io.flowsight.topology.rank.TopNSketches;
import io.flowsight.topology.state.JournaledWindowStore;
import io.flowsight.topology.state.WriteBackStore;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Names, key layout and builders of the state stores behind a group of tallies. The tallies of open windows live in
 * heap in {@link JournaledWindowStore}s (journaled once per commit, dropped when their window closes, after it is
 * ranked and judged); baselines, which outlive windows, in {@link WriteBackStore}s (changed in heap, written once per
 * key per commit). Queries address a tally by {@code windowStart (8 bytes, big-endian) + key (UTF-8)}, so one window's
 * tallies are one key range and windows are in time order.
 */
public final class TallyStores {
    private TallyStores() {
    }

    public static String tallyStore(TallyDefinition<?> definition, Duration window) {
        return "tally-" + definition.name() + "-" + label(window);
    }

    public static String sketchStore(TallyDefinition<?> definition, Duration window) {
        return "sketch-" + definition.name() + "-" + label(window);
    }

    /** Whether a definition keeps per-key tallies: always in exact mode; in sketch mode only for detectors and counts. */
    public static boolean keepsTallies(TallyDefinition<?> definition, boolean sketchMode) {
        return !sketchMode || !definition.detectors().isEmpty() || !definition.rejections().isEmpty();
    }

    /**
     * Whether the tallies (or sketches) of {@code window} are folded from the closed ones of the smallest window (its
     * panes) instead of updated per record: when no detector judges this window and the smallest window divides it.
     * A record late for its pane but not for this window is still added to it directly.
     */
    public static boolean foldedFromPanes(TallyDefinition<?> definition, Duration window, List<Duration> windows,
                                          Duration detectorWindow, boolean sketchMode) {
        Duration pane = windows.get(0);
        boolean judged = window.equals(detectorWindow) && !definition.detectors().isEmpty();
        return !window.equals(pane) && !judged && window.toMillis() % pane.toMillis() == 0;
    }

    /**
     * Whether a definition's rankings are frequent-items sketches: in sketch mode, for the definitions that keep no
     * per-key tallies otherwise. Those that do (for detectors or rejected counts) rank their tallies exactly when the
     * window closes, which costs less than a sketch update per record.
     */
    public static boolean keepsSketches(TallyDefinition<?> definition, boolean sketchMode) {
        return sketchMode && !definition.ranked().isEmpty() && !keepsTallies(definition, sketchMode);
    }

    public static String baselineStore(TallyDefinition<?> definition) {
        return "baseline-" + definition.name();
    }

    /** Prefix of the clock-store keys that mark a definition's open windows of one size. */
    public static String openWindowPrefix(TallyDefinition<?> definition, Duration window) {
        return "open|" + definition.name() + "|" + window.toMillis() + "|";
    }

    public static String clockStore(String group) {
        return "clock-" + group;
    }

    /** {@code 1m}, {@code 1h}, {@code 30s}, {@code 1d}, or ISO-8601 when not a whole unit. */
    public static String label(Duration window) {
        long seconds = window.toSeconds();
        if (window.toMillis() % 1000 != 0) {
            return window.toMillis() + "ms";
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    public static Bytes windowPrefix(long windowStart) {
        return JournaledWindowStore.windowPrefix(windowStart);
    }

    public static Bytes tallyKey(long windowStart, String key) {
        return JournaledWindowStore.queryKey(windowStart, key);
    }

    public static String keyOf(Bytes tallyKey) {
        return JournaledWindowStore.keyOf(tallyKey);
    }

    /** Every store a group of tallies needs, to add to the topology before the processor. */
    public static List<StoreBuilder<?>> builders(String group, List<? extends TallyDefinition<?>> definitions,
                                                 List<Duration> windows, TopNSketches sketches) {
        List<StoreBuilder<?>> builders = new ArrayList<>();
        builders.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(clockStore(group)), Serdes.String(),
                Serdes.Long()));
        for (TallyDefinition<?> definition : definitions) {
            for (Duration window : windows) {
                if (keepsTallies(definition, sketches != null)) {
                    builders.add(JournaledWindowStore.builder(tallyStore(definition, window), new TallySerde()));
                }
                if (keepsSketches(definition, sketches != null)) {
                    builders.add(SketchStore.builder(sketchStore(definition, window), sketches));
                }
            }
            if (!definition.detectors().isEmpty()) {
                builders.add(WriteBackStore.builder(baselineStore(definition), Serdes.String(),
                        new Baseline.BaselineSerde()));
            }
        }
        return builders;
    }
}
