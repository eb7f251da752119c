package io.flowsight.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowsight.app.runtime.LocalRuntime;
import io.flowsight.app.runtime.RunSummary;
import io.flowsight.ingest.LogType;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.queries.sql.LakeQueryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real Stratus Red Team detonations (35 attack techniques, CloudTrail as recorded) through {@code flowsight run}
 * with its defaults, files as they are: the techniques the built-in rule pack finds, counted from the lake's
 * {@code findings} table. Reads {@code ../shared} in place (Apache-2.0 data kept beside the project) and is skipped
 * without it.
 */
class StratusDetectionIT {
    private static final Path STRATUS = Path.of("..", "..", "shared", "data", "aws-samples", "cloudtrail",
            "stratus_red_team_detonation_logs");

    @TempDir
    Path work;

    @Test
    void theBuiltInPackFindsTheAttackTechniques() throws Exception {
        assumeTrue(Files.isDirectory(STRATUS), "../shared is not here");
        Map<String, Set<String>> eventIdsByTechnique = new TreeMap<>();
        try (Stream<Path> files = Files.list(STRATUS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                Set<String> ids = new HashSet<>();
                for (JsonNode event : new ObjectMapper().readTree(file.toFile())) {
                    ids.add(event.path("eventID").asText());
                }
                eventIdsByTechnique.put(file.getFileName().toString().replace(".json", ""), ids);
            }
        }
        assertThat(eventIdsByTechnique).hasSize(35);
        Path lake = work.resolve("lake");

        RunSummary summary;
        try (LocalRuntime runtime = LocalRuntime.start(new LocalRuntime.Settings(List.of(STRATUS.toString()),
                Optional.of(LogType.CLOUDTRAIL), VpcFlowLogFormat.DEFAULT, null, false, lake, work.resolve("data"), 1,
                "127.0.0.1", 0, Optional.empty(), Map.of(), Optional.empty(), false))) {
            summary = runtime.finishWhenIdle(Duration.ofSeconds(2));
        }

        assertThat(summary.recordsIngested()).isEqualTo(310);
        assertThat(summary.lakeRows()).as("read in event-time order: no event is late, none refused")
                .doesNotContainKey("dead_letters");
        Set<String> found = new HashSet<>();
        try (LakeQueryService service = LakeQueryService.open(lake)) {
            service.query("SELECT DISTINCT event_id FROM findings").rows().forEach(row -> found.add((String) row.get(0)));
        }
        List<String> missed = new ArrayList<>();
        eventIdsByTechnique.forEach((technique, ids) -> {
            if (ids.stream().noneMatch(found::contains)) {
                missed.add(technique);
            }
        });
        assertThat(missed).as("techniques without a finding").isEmpty();
    }
}
