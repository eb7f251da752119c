package io.flowsight.schemas;

import org.apache.avro.Schema;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The lake's tables (DESIGN.md section 5), the contract between the sinks that write them and the queries that
 * read them: each holds one topic's records, partitioned by a time field of the record into {@code dt}/{@code hour}
 * directories, in UTC.
 */
public enum LakeTable {
    VPC_FLOW_LOGS(Topic.RAW_VPCFLOW, "event_time"),
    CLOUDTRAIL_EVENTS(Topic.RAW_CLOUDTRAIL, "event_time"),
    ALB_LOGS(Topic.RAW_ALB, "event_time"),
    ALB_CONNECTION_LOGS(Topic.RAW_ALB_CONNECTIONS, "event_time"),
    TOP_TALKERS(Topic.TOP_TALKERS, "window_start"),
    REJECTED_TRAFFIC(Topic.REJECTED, "window_start"),
    ANOMALIES(Topic.ANOMALIES, "window_start"),
    ALERTS(Topic.ALERTS, "window_start"),
    DEAD_LETTERS(Topic.DEAD_LETTER, "event_time"),
    FINDINGS(Topic.FINDINGS, "event_time"),
    BLOCKLIST_CHANGES(Topic.BLOCKLIST, "decided_at");

    private final Topic topic;
    private final String partitionTimeField;

    LakeTable(Topic topic, String partitionTimeField) {
        this.topic = topic;
        this.partitionTimeField = partitionTimeField;
    }

    /** The table's directory name, e.g. {@code vpc_flow_logs}. */
    public String tableName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Topic topic() {
        return topic;
    }

    public Schema schema() {
        return topic.valueSchema();
    }

    /** Position in the record of the {@code timestamp-millis} field that decides its dt/hour partition. */
    public int partitionTimePosition() {
        return schema().getField(partitionTimeField).pos();
    }

    /** Parses a table name as users write it. */
    public static LakeTable fromName(String name) {
        return Arrays.stream(values()).filter(table -> table.tableName().equals(name.toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("Unknown table '" + name + "': use one of "
                        + Arrays.stream(values()).map(LakeTable::tableName).collect(Collectors.joining(", "))
                        + "."));
    }
}
