package io.flowsight.queries.sql;

import io.flowsight.schemas.DurationSetting;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Limits of SQL over the lake, so that no query can take the machine from the stream processing: how long one query
 * may run, how many run at once behind the HTTP API, and the threads and memory each embedded DuckDB may use.
 * Durations are written {@code 30s}, {@code 2m} or ISO-8601 ({@code PT30S}).
 */
public final class QueryConfig extends AbstractConfig {
    public static final String TIMEOUT_CONFIG = "flowsight.query.timeout";
    public static final String TIMEOUT_DOC = "Longest a SQL query over the lake may run before it is stopped "
            + "(rounded up to whole seconds), in flowsight query and behind /api/query.";
    public static final String DEFAULT_TIMEOUT = "30s";

    public static final String MAX_CONCURRENT_CONFIG = "flowsight.query.max.concurrent";
    public static final String MAX_CONCURRENT_DOC = "SQL queries the HTTP API runs at once; a request beyond them is "
            + "answered 429 at once instead of waiting.";

    public static final String THREADS_CONFIG = "flowsight.query.threads";
    public static final String THREADS_DOC = "Threads one query's DuckDB may use (default: half the processors, at "
            + "least 1), so the stream processing keeps the rest.";

    public static final String MEMORY_LIMIT_CONFIG = "flowsight.query.memory.limit";
    public static final String MEMORY_LIMIT_DOC = "Memory one query's DuckDB may use, e.g. 512MB, 2GB or 10% (of the "
            + "machine's memory); a query needing more fails with DuckDB's out-of-memory error.";

    private static final Pattern MEMORY = Pattern.compile("(?i)\\d+(\\.\\d+)?\\s*(b|kb|mb|gb|tb|kib|mib|gib|tib|%)");

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(TIMEOUT_CONFIG, Type.STRING, DEFAULT_TIMEOUT, QueryConfig::validateTimeout, Importance.HIGH,
                    TIMEOUT_DOC)
            .define(MAX_CONCURRENT_CONFIG, Type.INT, 2, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    MAX_CONCURRENT_DOC)
            .define(THREADS_CONFIG, Type.INT, Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                    ConfigDef.Range.atLeast(1), Importance.MEDIUM, THREADS_DOC)
            .define(MEMORY_LIMIT_CONFIG, Type.STRING, "1GB", QueryConfig::validateMemory, Importance.MEDIUM,
                    MEMORY_LIMIT_DOC);

    public QueryConfig(Map<String, ?> props) {
        // Only the flowsight.query.* keys matter here; the rest of a shared settings map belongs to other stages.
        super(CONFIG, props, false);
    }

    /** Every setting at its default. */
    public static QueryConfig defaults() {
        return new QueryConfig(Map.of());
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public Duration timeout() {
        return DurationSetting.parse(TIMEOUT_CONFIG, getString(TIMEOUT_CONFIG));
    }

    /** The timeout as the user wrote it, for messages that name it. */
    public String timeoutText() {
        return getString(TIMEOUT_CONFIG).strip();
    }

    public int maxConcurrent() {
        return getInt(MAX_CONCURRENT_CONFIG);
    }

    public int threads() {
        return getInt(THREADS_CONFIG);
    }

    /** The memory limit in DuckDB's own notation, checked against {@link #MEMORY}. */
    public String memoryLimit() {
        return getString(MEMORY_LIMIT_CONFIG).strip();
    }

    private static void validateTimeout(String name, Object value) {
        if (DurationSetting.parse(name, String.valueOf(value)).isZero()) {
            throw new ConfigException(name + " is '" + value + "'; a query needs some time, e.g. 30s.");
        }
    }

    private static void validateMemory(String name, Object value) {
        if (value == null || !MEMORY.matcher(value.toString().strip()).matches()) {
            throw new ConfigException(name + " is '" + value + "', which is not an amount of memory; write e.g. "
                    + "512MB, 2GB or 10%.");
        }
    }
}
