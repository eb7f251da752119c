package io.flowsight.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowsight.schemas.CloudTrailEvent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The third-party data the rule pack is judged on, copied into this module's test resources (see the NOTICE files
 * there) so the judgement runs in CI without the maintainers' shared data: Panther's labelled CloudTrail test events
 * and the Stratus Red Team detonation logs.
 */
final class PackData {
    private PackData() {
    }

    /** One labelled Panther test event. */
    record PantherEvent(String ruleId, String testName, boolean expectedMatch, CloudTrailEvent event) {
    }

    static List<PantherEvent> pantherEvents() {
        List<PantherEvent> events = new ArrayList<>();
        for (String line : resourceText("panther/panther_cloudtrail_test_events.jsonl").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode test = json(line);
            events.add(new PantherEvent(test.path("rule_id").asText(), test.path("test_name").asText(),
                    test.path("expected_match").asBoolean(), CloudTrailJson.event(test.path("log"))));
        }
        return events;
    }

    /** Stratus technique (file name without .json) → its events, in file-name order. */
    static Map<String, List<CloudTrailEvent>> stratusTechniques() {
        Map<String, List<CloudTrailEvent>> techniques = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(resourceDirectory("stratus"))) {
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

    static String resourceText(String resource) {
        try (InputStream in = Objects.requireNonNull(PackData.class.getClassLoader().getResourceAsStream(resource),
                resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path resourceDirectory(String resource) {
        try {
            return Path.of(Objects.requireNonNull(PackData.class.getClassLoader().getResource(resource), resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return CloudTrailJson.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
