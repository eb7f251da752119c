package io.flowsight.schemas;

import org.apache.avro.Schema;

import java.util.Objects;

/**
 * FlowSight's Kafka topics (DESIGN.md section 3). Names are a configurable prefix plus a fixed suffix,
 * so that several FlowSight deployments can share one cluster.
 */
public enum Topic {
    RAW_VPCFLOW("raw.vpcflow", VpcFlowLog.getClassSchema()),
    RAW_CLOUDTRAIL("raw.cloudtrail", CloudTrailEvent.getClassSchema()),
    RAW_ALB("raw.alb", AlbLogEntry.getClassSchema()),
    RAW_ALB_CONNECTIONS("raw.alb-conn", AlbConnectionLogEntry.getClassSchema()),
    WATCHLIST("watchlist", WatchlistEntry.getClassSchema()),
    DEAD_LETTER("deadletter", DeadLetter.getClassSchema()),
    TOP_TALKERS("agg.top-talkers", TopTalkers.getClassSchema()),
    REJECTED("agg.rejected", RejectedCount.getClassSchema()),
    ANOMALIES("agg.anomalies", AnomalyWindow.getClassSchema()),
    ALERTS("alerts", SuspiciousIpAlert.getClassSchema()),
    FINDINGS("findings", Finding.getClassSchema()),
    RULES("rules", RuleDocument.getClassSchema()),
    SILENCES("silences", Silence.getClassSchema()),
    NOTIFY_DEAD_LETTER("notify.deadletter", NotificationDeadLetter.getClassSchema()),
    BLOCKLIST("blocklist", BlocklistChange.getClassSchema());

    /** Prefix used when none is configured. */
    public static final String DEFAULT_PREFIX = "flowsight.";
    /** The setting that names the prefix, shared by every stage. */
    public static final String PREFIX_CONFIG = "flowsight.topic.prefix";

    private final String suffix;
    private final Schema valueSchema;

    Topic(String suffix, Schema valueSchema) {
        this.suffix = suffix;
        this.valueSchema = valueSchema;
    }

    /** The prefix {@code settings} configure ({@value #PREFIX_CONFIG}), else {@link #DEFAULT_PREFIX}. */
    public static String prefixIn(java.util.Map<String, ?> settings) {
        Object prefix = settings.get(PREFIX_CONFIG);
        return prefix == null ? DEFAULT_PREFIX : String.valueOf(prefix);
    }

    /** The topic name under {@link #DEFAULT_PREFIX}. */
    public String topicName() {
        return topicName(DEFAULT_PREFIX);
    }

    /** The topic name under {@code prefix}; an empty prefix gives the bare suffix. */
    public String topicName(String prefix) {
        return Objects.requireNonNull(prefix, "prefix") + suffix;
    }

    public String suffix() {
        return suffix;
    }

    /** The Avro schema of the topic's values. */
    public Schema valueSchema() {
        return valueSchema;
    }
}
