package io.flowsight.schemas;

import org.apache.avro.Schema;

import java.util.Objects;

/**
 * FlowSight's Kafka topics (DESIGN.md section 3). Names are a configurable prefix plus a fixed suffix,
 * so that several FlowSight deployments can share one cluster.
 */
public enum Topic {
    RAW_VPCFLOW("raw.vpcflow", VpcFlowLog.getClassSchema(), "source address"),
    RAW_CLOUDTRAIL("raw.cloudtrail", CloudTrailEvent.getClassSchema(), "sourceipaddress"),
    RAW_ALB("raw.alb", AlbLogEntry.getClassSchema(), "client address"),
    RAW_ALB_CONNECTIONS("raw.alb-conn", AlbConnectionLogEntry.getClassSchema(), "client address"),
    WATCHLIST("watchlist", WatchlistEntry.getClassSchema(), "IP or CIDR"),
    DEAD_LETTER("deadletter", DeadLetter.getClassSchema(), "source id"),
    TOP_TALKERS("agg.top-talkers", TopTalkers.getClassSchema(), "window + dimension"),
    REJECTED("agg.rejected", RejectedCount.getClassSchema(), "window + dimension + key"),
    ANOMALIES("agg.anomalies", AnomalyWindow.getClassSchema(), "window + detector + key"),
    ALERTS("alerts", SuspiciousIpAlert.getClassSchema(), "IP address");

    /** Prefix used when none is configured. */
    public static final String DEFAULT_PREFIX = "flowsight.";

    private final String suffix;
    private final Schema valueSchema;
    private final String keyDescription;

    Topic(String suffix, Schema valueSchema, String keyDescription) {
        this.suffix = suffix;
        this.valueSchema = valueSchema;
        this.keyDescription = keyDescription;
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

    /** What the record key holds, as DESIGN.md states it. */
    public String keyDescription() {
        return keyDescription;
    }
}
