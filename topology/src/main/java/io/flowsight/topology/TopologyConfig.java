package io.flowsight.topology;

import io.flowsight.schemas.DurationSetting;
import io.flowsight.schemas.Topic;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the topology, each with its documented default. Durations are written {@code 30s}, {@code 1m},
 * {@code 1h}, {@code 2d} or ISO-8601 ({@code PT1M}).
 */
public class TopologyConfig extends AbstractConfig {

    public static final String TOPIC_PREFIX_CONFIG = "flowsight.topic.prefix";
    public static final String TOPIC_PREFIX_DOC = "Prefix of every FlowSight topic.";

    public static final String PARTITIONS_CONFIG = "flowsight.topic.partitions";
    public static final String PARTITIONS_DOC = "Partitions of the raw topics (and of the topology's own "
            + "repartition topics). Each partition ranks its keys, and the final top-N of a window is written once every "
            + "partition has closed that window, so this must match the raw topics.";

    public static final String WINDOWS_CONFIG = "flowsight.topology.windows";
    public static final String WINDOWS_DOC = "Tumbling window sizes of the top-N talkers and rejected-traffic counts.";

    public static final String GRACE_CONFIG = "flowsight.topology.grace";
    public static final String GRACE_DOC = "How late (in event time) a record may arrive and still count in its window. "
            + "VPC flow logs are aggregated for up to 10 minutes and delivered up to ~10 minutes later, hence 15 minutes. "
            + "Later records go to the dead-letter topic with reason 'late'.";

    public static final String TOP_N_CONFIG = "flowsight.topology.top.n";
    public static final String TOP_N_DOC = "Length of each top-N list.";

    public static final String TOP_MODE_CONFIG = "flowsight.topology.top.mode";
    public static final String TOP_MODE_DOC = "exact: per-key sums in the state store, ranked when the window closes; "
            + "sketch: a frequent-items sketch per window for the dimensions that keep no per-key sums otherwise "
            + "(source-destination pairs, destinations), state bounded whatever the number of keys, with the sketch's "
            + "error bound in the output; sources are ranked exactly in both modes.";

    public static final String SKETCH_MAP_SIZE_CONFIG = "flowsight.topology.sketch.max.map.size";
    public static final String SKETCH_MAP_SIZE_DOC = "Sketch mode: maximum map size of each frequent-items sketch "
            + "(a power of 2). The error bound is about 3.5 / (0.75 * size) of the window's total weight.";

    public static final String DETECTOR_WINDOW_CONFIG = "flowsight.topology.detector.window";
    public static final String DETECTOR_WINDOW_DOC = "Window the anomaly detectors and alerts work on; must be one of "
            + WINDOWS_CONFIG + ".";

    public static final String BASELINE_ALPHA_CONFIG = "flowsight.topology.baseline.alpha";
    public static final String BASELINE_ALPHA_DOC = "Weight of the newest window in a key's EWMA baseline (mean and "
            + "variance); 0.1 remembers roughly the last 20 windows.";

    public static final String BASELINE_MIN_HISTORY_CONFIG = "flowsight.topology.baseline.min.history";
    public static final String BASELINE_MIN_HISTORY_DOC = "Windows a key must have been seen in before baseline "
            + "detectors judge it.";

    public static final String BASELINE_HORIZON_CONFIG = "flowsight.topology.baseline.horizon";
    public static final String BASELINE_HORIZON_DOC = "A key silent for longer than this (in event time) has its "
            + "baselines forgotten and is judged as a new key when it returns, so the state of one-off sources (scanners, "
            + "short-lived clients) does not grow forever. The default of one day is past the point where a silent key's "
            + "baseline has decayed to nothing at the default alpha (1,000 silent windows), so forgetting loses only the "
            + "count of its past windows.";

    public static final String SCORE_THRESHOLD_CONFIG = "flowsight.topology.anomaly.score.threshold";
    public static final String SCORE_THRESHOLD_DOC = "Score (standard deviations above the baseline mean) from which "
            + "a baseline detector reports an anomaly.";

    public static final String PORT_SCAN_PORTS_CONFIG = "flowsight.topology.port.scan.ports";
    public static final String PORT_SCAN_PORTS_DOC = "Distinct destination ports one source must touch in a window "
            + "to be reported as a port scan.";

    public static final String PORT_SCAN_HOSTS_CONFIG = "flowsight.topology.port.scan.hosts";
    public static final String PORT_SCAN_HOSTS_DOC = "Distinct destination addresses that rejected one source's "
            + "flows in a window, from which it is reported as a host sweep.";

    public static final String BRUTE_FORCE_ATTEMPTS_CONFIG = "flowsight.topology.brute.force.attempts";
    public static final String BRUTE_FORCE_ATTEMPTS_DOC = "Connection attempts to SSH (22) or RDP (3389), accepted "
            + "or rejected, from one source in a window that make a brute-force alert.";

    public static final String LOGIN_FAILURES_CONFIG = "flowsight.topology.console.login.failures";
    public static final String LOGIN_FAILURES_DOC = "Failed console logins from one source address in a window that "
            + "make an alert.";

    public static final String DENIED_CALLS_CONFIG = "flowsight.topology.denied.calls";
    public static final String DENIED_CALLS_DOC = "Denied API calls (AccessDenied, UnauthorizedOperation, ...) from "
            + "one source address in a window that make an alert.";

    public static final String HTTP_ERRORS_CONFIG = "flowsight.topology.http.errors";
    public static final String HTTP_ERRORS_DOC = "ALB 4xx and 5xx responses to one client in a window that make an "
            + "alert (credential stuffing, forced browsing), whatever the client's history.";

    public static final String EXACT_DISTINCT_LIMIT_CONFIG = "flowsight.topology.distinct.exact.limit";
    public static final String EXACT_DISTINCT_LIMIT_DOC = "Distinct values (ports, hosts) kept exactly per key and "
            + "window; beyond it an HLL sketch (about 3% error) counts them in fixed space.";

    public static final String QUIET_PERIOD_CONFIG = "flowsight.topology.alert.quiet.period";
    public static final String QUIET_PERIOD_DOC = "After an alert on an address by a detector, further alerts on the "
            + "same address and detector within this event-time period only extend the first one.";

    public static final String INTERNAL_CIDRS_CONFIG = "flowsight.topology.internal.cidrs";
    public static final String INTERNAL_CIDRS_DOC = "Address ranges that are yours; alerts say whether their address "
            + "is inside them.";

    public static final String ROCKSDB_MEMORY_CONFIG = "flowsight.topology.rocksdb.memory.bytes";
    public static final String ROCKSDB_MEMORY_DOC = "Native memory all the state stores' RocksDB instances in this JVM "
            + "share: one block cache that also holds their memtables, index and filter blocks. Kafka Streams' default "
            + "gives each store its own 50 MB cache and 48 MB of memtables, and the topology has dozens of stores per "
            + "partition. Used when rocksdb.config.setter is FlowSight's (the default); 0 keeps Kafka Streams' "
            + "per-store memory.";

    public static final String WATCHLIST_REFRESH_CONFIG = "flowsight.topology.watchlist.refresh";
    public static final String WATCHLIST_REFRESH_DOC = "How often (wall-clock) each task re-reads the watch-list "
            + "topic's table into its address matcher.";

    public static final String RULES_DIR_CONFIG = "flowsight.rules.dir";
    public static final String RULES_DIR_DOC = "A directory of Sigma rules (.yml and .yaml files, searched recursively) "
            + "to run over CloudTrail and ALB records, in addition to the built-in pack; empty for none. A rule that "
            + "cannot be loaded is logged with its file, line and reason, and the others load.";

    public static final String RULES_BUILTIN_CONFIG = "flowsight.rules.builtin";
    public static final String RULES_BUILTIN_DOC = "Whether FlowSight's own rule pack, shipped in the jar, runs.";

    public static final String RULES_REFRESH_CONFIG = "flowsight.rules.refresh";
    public static final String RULES_REFRESH_DOC = "How often (wall-clock) running stream processing re-reads the "
            + "compacted rules topic (filled by 'flowsight rules publish'); a changed rule applies from then on, without "
            + "a restart.";

    public static final String RULES_MAX_TIMESPAN_CONFIG = "flowsight.rules.max.timespan";
    public static final String RULES_MAX_TIMESPAN_DOC = "The longest correlation timespan evaluated: the correlation "
            + "stores keep each group's matching events this long plus the grace. A correlation with a longer timespan "
            + "loads but is not evaluated (logged); raise this and restart to evaluate it.";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(TOPIC_PREFIX_CONFIG, Type.STRING, Topic.DEFAULT_PREFIX, Importance.MEDIUM, TOPIC_PREFIX_DOC)
            .define(PARTITIONS_CONFIG, Type.INT, 3, ConfigDef.Range.atLeast(1), Importance.HIGH, PARTITIONS_DOC)
            .define(WINDOWS_CONFIG, Type.LIST, "1m,1h", Importance.MEDIUM, WINDOWS_DOC)
            .define(GRACE_CONFIG, Type.STRING, "15m", Importance.MEDIUM, GRACE_DOC)
            .define(TOP_N_CONFIG, Type.INT, 10, ConfigDef.Range.between(1, 1000), Importance.MEDIUM, TOP_N_DOC)
            .define(TOP_MODE_CONFIG, Type.STRING, "sketch", ConfigDef.ValidString.in("exact", "sketch"),
                    Importance.MEDIUM, TOP_MODE_DOC)
            .define(SKETCH_MAP_SIZE_CONFIG, Type.INT, 1024, ConfigDef.Range.between(16, 1 << 20), Importance.LOW,
                    SKETCH_MAP_SIZE_DOC)
            .define(DETECTOR_WINDOW_CONFIG, Type.STRING, "1m", Importance.MEDIUM, DETECTOR_WINDOW_DOC)
            .define(BASELINE_ALPHA_CONFIG, Type.DOUBLE, 0.1, ConfigDef.Range.between(0.001, 1.0), Importance.LOW,
                    BASELINE_ALPHA_DOC)
            .define(BASELINE_MIN_HISTORY_CONFIG, Type.INT, 10, ConfigDef.Range.atLeast(1), Importance.LOW,
                    BASELINE_MIN_HISTORY_DOC)
            .define(BASELINE_HORIZON_CONFIG, Type.STRING, "1d", Importance.LOW, BASELINE_HORIZON_DOC)
            .define(SCORE_THRESHOLD_CONFIG, Type.DOUBLE, 4.0, ConfigDef.Range.atLeast(0.5), Importance.MEDIUM,
                    SCORE_THRESHOLD_DOC)
            .define(PORT_SCAN_PORTS_CONFIG, Type.INT, 50, ConfigDef.Range.atLeast(2), Importance.MEDIUM,
                    PORT_SCAN_PORTS_DOC)
            .define(PORT_SCAN_HOSTS_CONFIG, Type.INT, 50, ConfigDef.Range.atLeast(2), Importance.MEDIUM,
                    PORT_SCAN_HOSTS_DOC)
            .define(BRUTE_FORCE_ATTEMPTS_CONFIG, Type.INT, 30, ConfigDef.Range.atLeast(2), Importance.MEDIUM,
                    BRUTE_FORCE_ATTEMPTS_DOC)
            .define(LOGIN_FAILURES_CONFIG, Type.INT, 5, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    LOGIN_FAILURES_DOC)
            .define(DENIED_CALLS_CONFIG, Type.INT, 20, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    DENIED_CALLS_DOC)
            .define(HTTP_ERRORS_CONFIG, Type.INT, 50, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    HTTP_ERRORS_DOC)
            .define(EXACT_DISTINCT_LIMIT_CONFIG, Type.INT, 64, ConfigDef.Range.between(1, 100_000), Importance.LOW,
                    EXACT_DISTINCT_LIMIT_DOC)
            .define(QUIET_PERIOD_CONFIG, Type.STRING, "1h", Importance.MEDIUM, QUIET_PERIOD_DOC)
            .define(INTERNAL_CIDRS_CONFIG, Type.LIST, "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7",
                    Importance.MEDIUM, INTERNAL_CIDRS_DOC)
            .define(WATCHLIST_REFRESH_CONFIG, Type.STRING, "5s", Importance.LOW, WATCHLIST_REFRESH_DOC)
            .define(ROCKSDB_MEMORY_CONFIG, Type.LONG, 256L << 20, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    ROCKSDB_MEMORY_DOC)
            .define(RULES_DIR_CONFIG, Type.STRING, "", Importance.MEDIUM, RULES_DIR_DOC)
            .define(RULES_BUILTIN_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, RULES_BUILTIN_DOC)
            .define(RULES_REFRESH_CONFIG, Type.STRING, "5s", Importance.LOW, RULES_REFRESH_DOC)
            .define(RULES_MAX_TIMESPAN_CONFIG, Type.STRING, "24h", Importance.LOW, RULES_MAX_TIMESPAN_DOC);

    private final List<Duration> windows;
    private final Duration grace;
    private final Duration detectorWindow;
    private final Duration quietPeriod;
    private final Duration baselineHorizon;
    private final Duration watchlistRefresh;
    private final Duration rulesRefresh;
    private final Duration rulesMaxTimespan;

    public TopologyConfig(Map<String, ?> props) {
        super(CONFIG, props, false);
        windows = getList(WINDOWS_CONFIG).stream().map(value -> DurationSetting.parse(WINDOWS_CONFIG, value)).sorted().distinct()
                .toList();
        if (windows.isEmpty()) {
            throw new ConfigException(WINDOWS_CONFIG + " needs at least one window size, e.g. 1m,1h.");
        }
        grace = DurationSetting.parse(GRACE_CONFIG, getString(GRACE_CONFIG));
        detectorWindow = DurationSetting.parse(DETECTOR_WINDOW_CONFIG, getString(DETECTOR_WINDOW_CONFIG));
        if (!windows.contains(detectorWindow)) {
            throw new ConfigException(DETECTOR_WINDOW_CONFIG + " is " + getString(DETECTOR_WINDOW_CONFIG)
                    + " but the windows are " + getList(WINDOWS_CONFIG) + "; pick one of them.");
        }
        quietPeriod = DurationSetting.parse(QUIET_PERIOD_CONFIG, getString(QUIET_PERIOD_CONFIG));
        baselineHorizon = DurationSetting.parse(BASELINE_HORIZON_CONFIG, getString(BASELINE_HORIZON_CONFIG));
        if (baselineHorizon.compareTo(detectorWindow) <= 0) {
            throw new ConfigException(BASELINE_HORIZON_CONFIG + " is " + getString(BASELINE_HORIZON_CONFIG)
                    + ", not longer than the detector window " + getString(DETECTOR_WINDOW_CONFIG)
                    + "; give it many windows, e.g. 1d.");
        }
        watchlistRefresh = DurationSetting.parse(WATCHLIST_REFRESH_CONFIG, getString(WATCHLIST_REFRESH_CONFIG));
        rulesRefresh = DurationSetting.parse(RULES_REFRESH_CONFIG, getString(RULES_REFRESH_CONFIG));
        rulesMaxTimespan = DurationSetting.parse(RULES_MAX_TIMESPAN_CONFIG, getString(RULES_MAX_TIMESPAN_CONFIG));
        int mapSize = getInt(SKETCH_MAP_SIZE_CONFIG);
        if (Integer.bitCount(mapSize) != 1) {
            throw new ConfigException(SKETCH_MAP_SIZE_CONFIG + " is " + mapSize + "; use a power of 2 such as 1024.");
        }
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public String topicPrefix() {
        return getString(TOPIC_PREFIX_CONFIG);
    }

    public String topicName(Topic topic) {
        return topic.topicName(topicPrefix());
    }

    public int partitions() {
        return getInt(PARTITIONS_CONFIG);
    }

    /** Window sizes, smallest first. */
    public List<Duration> windows() {
        return windows;
    }

    /**
     * The pane: the largest span that every window size (and the detector window) is a whole multiple of, so a
     * partial sum over one pane falls in exactly one window of each size.
     */
    public Duration pane() {
        long pane = detectorWindow().toMillis();
        for (Duration window : windows()) {
            pane = java.math.BigInteger.valueOf(pane).gcd(java.math.BigInteger.valueOf(window.toMillis())).longValue();
        }
        return Duration.ofMillis(pane);
    }

    /**
     * The heartbeat time that makes every window holding {@code latestEvent} final and resolves every alert raised up
     * to it: the end of its longest window, or the event plus the alerts' quiet period if later, plus the grace
     * period. For a finite input, sending it after the input closes every window the input covers and ends every
     * alert it raised.
     */
    public Instant closingWatermark(Instant latestEvent) {
        long event = latestEvent.toEpochMilli();
        long latestEnd = Math.max(event + 1, event + quietPeriod().toMillis());
        List<Duration> sizes = new ArrayList<>(windows());
        sizes.add(detectorWindow());
        for (Duration window : sizes) {
            long size = window.toMillis();
            latestEnd = Math.max(latestEnd, Math.floorDiv(event, size) * size + size);
        }
        return Instant.ofEpochMilli(latestEnd).plus(grace());
    }

    public Duration grace() {
        return grace;
    }

    public int topN() {
        return getInt(TOP_N_CONFIG);
    }

    public boolean sketchMode() {
        return "sketch".equals(getString(TOP_MODE_CONFIG));
    }

    public int sketchMapSize() {
        return getInt(SKETCH_MAP_SIZE_CONFIG);
    }

    public Duration detectorWindow() {
        return detectorWindow;
    }

    public double baselineAlpha() {
        return getDouble(BASELINE_ALPHA_CONFIG);
    }

    public Duration baselineHorizon() {
        return baselineHorizon;
    }

    public int baselineMinHistory() {
        return getInt(BASELINE_MIN_HISTORY_CONFIG);
    }

    public double scoreThreshold() {
        return getDouble(SCORE_THRESHOLD_CONFIG);
    }

    public int portScanPorts() {
        return getInt(PORT_SCAN_PORTS_CONFIG);
    }

    public int portScanHosts() {
        return getInt(PORT_SCAN_HOSTS_CONFIG);
    }

    public int bruteForceAttempts() {
        return getInt(BRUTE_FORCE_ATTEMPTS_CONFIG);
    }

    public int consoleLoginFailures() {
        return getInt(LOGIN_FAILURES_CONFIG);
    }

    public int deniedCalls() {
        return getInt(DENIED_CALLS_CONFIG);
    }

    public int httpErrors() {
        return getInt(HTTP_ERRORS_CONFIG);
    }

    public int exactDistinctLimit() {
        return getInt(EXACT_DISTINCT_LIMIT_CONFIG);
    }

    public Duration quietPeriod() {
        return quietPeriod;
    }

    public List<String> internalCidrs() {
        return getList(INTERNAL_CIDRS_CONFIG);
    }

    public Duration watchlistRefresh() {
        return watchlistRefresh;
    }

    /** The directory of the user's Sigma rules; empty when none is configured. */
    public Optional<Path> rulesDirectory() {
        String directory = getString(RULES_DIR_CONFIG).strip();
        return directory.isEmpty() ? Optional.empty() : Optional.of(Path.of(directory));
    }

    public boolean builtinRules() {
        return getBoolean(RULES_BUILTIN_CONFIG);
    }

    public Duration rulesRefresh() {
        return rulesRefresh;
    }

    public Duration rulesMaxTimespan() {
        return rulesMaxTimespan;
    }

    /** Bytes of native memory the RocksDB stores share; 0 for Kafka Streams' per-store default. */
    public long rocksDbMemory() {
        return getLong(ROCKSDB_MEMORY_CONFIG);
    }
}
