package io.flowsight.app.cli;

import io.flowsight.sinks.SinkConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code --lake} and {@code --tables}: which lake, and which of its tables, a command works on. */
final class LakeOptions {

    @Option(names = "--lake", paramLabel = "DIR", defaultValue = "./flowsight-lake",
            description = "The lake directory (default: ${DEFAULT-VALUE}).")
    Path lake;

    @Option(names = "--tables", paramLabel = "TABLE[,...]", split = ",",
            description = "Tables, e.g. vpc_flow_logs,dead_letters (default: all).")
    List<String> tables;

    /** Adds the lake directory and the chosen tables to sink settings. */
    Map<String, Object> addTo(Map<String, Object> settings) {
        settings.put(SinkConfig.LAKE_DIR_CONFIG, lake.toString());
        if (tables != null) {
            settings.put(SinkConfig.TABLES_CONFIG, String.join(",", tables));
        }
        return settings;
    }
}
