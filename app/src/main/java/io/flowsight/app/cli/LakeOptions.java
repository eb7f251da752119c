package io.flowsight.app.cli;

import io.flowsight.sinks.SinkConfig;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;

/** {@code --lake} and {@code --tables}: which lake, and which of its tables, a command works on. */
final class LakeOptions {

    @Option(names = "--lake", paramLabel = "DIR", defaultValue = "./flowsight-lake",
            description = "The lake: a directory, or s3://bucket/prefix where the command writes to S3 "
                    + "(default: ${DEFAULT-VALUE}).")
    String lake;

    @Option(names = "--tables", paramLabel = "TABLE[,...]", split = ",",
            description = "Tables, e.g. vpc_flow_logs,dead_letters (default: all).")
    List<String> tables;

    /** Adds the lake directory and the chosen tables to sink settings. */
    Map<String, Object> addTo(Map<String, Object> settings) {
        settings.put(SinkConfig.LAKE_DIR_CONFIG, lake);
        if (tables != null) {
            settings.put(SinkConfig.TABLES_CONFIG, String.join(",", tables));
        }
        return settings;
    }
}
