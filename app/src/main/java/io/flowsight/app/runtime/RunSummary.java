package io.flowsight.app.runtime;

import io.flowsight.ingest.LogType;
import io.flowsight.ingest.kafka.IngestSummary;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a finished run did: records and dead letters per log type from this run's ingest, the lake's tables and
 * their rows, and the alerts in the lake.
 */
public record RunSummary(Map<LogType, IngestSummary> ingested, Map<String, Long> lakeRows, List<String> alerts,
                         Path lake, Duration elapsed) {

    public long recordsIngested() {
        return ingested.values().stream().mapToLong(IngestSummary::records).sum();
    }

    public long deadLettersAtIngest() {
        return ingested.values().stream().mapToLong(IngestSummary::deadLetters).sum();
    }

    /** A few lines for the terminal, ending with the next command to try. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("FlowSight processed %,d records in %d s:", recordsIngested(), elapsed.toSeconds()));
        ingested.forEach((type, summary) -> text.append(String.format(" %s %,d", type.cliName(), summary.records())));
        text.append(String.format("; %,d lines or events refused at ingest (dead-lettered).%n", deadLettersAtIngest()));
        text.append("Lake at ").append(lake).append(": ").append(lakeRows.entrySet().stream()
                .map(e -> String.format("%s %,d", e.getKey(), e.getValue())).collect(Collectors.joining(", ")))
                .append(lakeRows.isEmpty() ? "(empty)" : "").append(System.lineSeparator());
        text.append(alerts.isEmpty() ? "No alerts." : alerts.size() + " alerts: " + String.join(", ", alerts))
                .append(System.lineSeparator());
        text.append("Next: bin/flowsight top-talkers --lake ").append(lake).append("   (or alerts, rejected, ip, query)");
        return text.toString();
    }
}
