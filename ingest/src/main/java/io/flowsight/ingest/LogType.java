package io.flowsight.ingest;

import io.flowsight.ingest.alb.AlbConnectionLogParser;
import io.flowsight.ingest.alb.AlbLogParser;
import io.flowsight.ingest.parse.LineParser;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.ingest.vpc.VpcFlowLogParser;
import io.flowsight.schemas.Topic;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of log FlowSight reads, with the name users give them and the topic their records go to. */
public enum LogType {
    VPC("vpc", Topic.RAW_VPCFLOW),
    ALB("alb", Topic.RAW_ALB),
    ALB_CONNECTIONS("alb-conn", Topic.RAW_ALB_CONNECTIONS),
    /** JSON documents, not lines: read with {@link io.flowsight.ingest.cloudtrail.CloudTrailParser}. */
    CLOUDTRAIL("cloudtrail", Topic.RAW_CLOUDTRAIL);

    private final String cliName;
    private final Topic topic;

    LogType(String cliName, Topic topic) {
        this.cliName = cliName;
        this.topic = topic;
    }

    public String cliName() {
        return cliName;
    }

    public Topic topic() {
        return topic;
    }

    /**
     * The name dead letters carry in {@code log_type}, as the schema documents it and the topology writes it:
     * {@code vpcflow}, {@code cloudtrail}, {@code alb}, {@code alb-conn} (the raw topic's name without its
     * {@code raw.}).
     */
    public String recordName() {
        return topic.suffix().substring("raw.".length());
    }

    /** Whether records are lines (VPC, ALB) rather than JSON documents (CloudTrail). */
    public boolean lineOriented() {
        return this != CLOUDTRAIL;
    }

    /**
     * A fresh parser for one input of a line-oriented type.
     *
     * @param vpcFormat the flow-log format lines start with (header lines can change it); ignored for other types
     */
    public LineParser<?> newLineParser(VpcFlowLogFormat vpcFormat) {
        return switch (this) {
            case VPC -> new VpcFlowLogParser(vpcFormat, Instant::now);
            case ALB -> new AlbLogParser();
            case ALB_CONNECTIONS -> new AlbConnectionLogParser();
            case CLOUDTRAIL -> throw new IllegalStateException("CloudTrail is read as JSON documents, not lines");
        };
    }

    /** Parses a {@code --type} value. */
    public static LogType fromCliName(String name) {
        for (LogType type : values()) {
            if (type.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown log type '" + name + "': use one of "
                + Arrays.stream(values()).map(LogType::cliName).collect(Collectors.joining(", ")) + ".");
    }
}
