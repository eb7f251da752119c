package io.flowsight.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowsight.schemas.CloudTrailEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The real CloudTrail of the shared data, as records: Stratus Red Team detonations and Panther's labelled events. */
final class SharedCloudTrail {
    private SharedCloudTrail() {
    }

    /** Technique (file name without .json) → its events, in file-name order. */
    static Map<String, List<CloudTrailEvent>> stratusTechniques() {
        Map<String, List<CloudTrailEvent>> techniques = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(SharedData.path("aws-samples/cloudtrail/stratus_red_team_detonation_logs"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                List<CloudTrailEvent> events = new ArrayList<>();
                for (JsonNode event : CloudTrailJson.JSON.readTree(file.toFile())) {
                    events.add(CloudTrailJson.event(event));
                }
                techniques.put(file.getFileName().toString().replace(".json", ""), events);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return techniques;
    }

    /** One labelled Panther test event. */
    record PantherEvent(String ruleId, String testName, boolean expectedMatch, CloudTrailEvent event) {
    }

    static List<PantherEvent> pantherEvents() {
        List<PantherEvent> events = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(SharedData.path(
                    "aws-samples/cloudtrail/panther_analysis_tests/panther_cloudtrail_test_events.jsonl"))) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode test = CloudTrailJson.JSON.readTree(line);
                events.add(new PantherEvent(test.path("rule_id").asText(), test.path("test_name").asText(),
                        test.path("expected_match").asBoolean(), CloudTrailJson.event(test.path("log"))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }
}
