package io.flowsight.app;

import io.flowsight.app.demo.DemoDataGenerator;
import io.flowsight.app.demo.DemoDataGenerator.Labels;
import io.flowsight.app.runtime.LocalRuntime;
import io.flowsight.app.runtime.RunSummary;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.queries.sql.LakeQueryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C in the middle of {@code flowsight run} stops it cleanly, and a run resumed on the same data directory
 * completes the work with every record in the lake once: nothing lost, nothing twice.
 */
class RunStopIT {
    @TempDir
    Path work;

    @Test
    void aRunStoppedMidwayAndResumedLeavesEveryRecordInTheLakeOnce() throws Exception {
        Path demo = work.resolve("demo");
        Files.createDirectories(demo);
        Labels labels = new DemoDataGenerator(demo, Instant.parse("2026-11-22T10:00:00Z"), 13, 5, 3000).generate();
        Path data = work.resolve("data");
        Path lake = work.resolve("lake");

        Process run = new ProcessBuilder(Path.of("..", "bin", "flowsight").toAbsolutePath().normalize().toString(),
                "run", "--input", demo.resolve("AWSLogs").toString(), "--http", "127.0.0.1:0", "--data",
                data.toString(), "--lake", lake.toString())
                .redirectError(work.resolve("run.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("Ctrl-C stops it cleanly"));
            assertThat(line).as(Files.readString(work.resolve("run.err"))).isNotNull();
            Thread.sleep(4_000); // ingest, stream processing and sink are busy now
            run.destroy(); // SIGTERM, as Ctrl-C
            assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("stops within 90 s").isTrue();
        }
        assertThat(Files.readString(work.resolve("run.err"))).doesNotContain("Exception in thread");

        RunSummary resumed;
        try (LocalRuntime again = LocalRuntime.start(new LocalRuntime.Settings(List.of(demo.resolve("AWSLogs").toString()),
                Optional.empty(), VpcFlowLogFormat.DEFAULT, null, false, lake, data, 2, "127.0.0.1", 0,
                Optional.empty(), Map.of(), Optional.empty(), false))) {
            resumed = again.finishWhenIdle(Duration.ofSeconds(2));
        }
        assertThat(resumed.lakeRows()).containsEntry("vpc_flow_logs", labels.records().get("vpc"))
                .containsEntry("cloudtrail_events", labels.records().get("cloudtrail"))
                .containsEntry("alb_logs", labels.records().get("alb"))
                .containsEntry("dead_letters", 3L);
        try (LakeQueryService service = LakeQueryService.open(lake)) {
            assertThat(service.query("SELECT count(DISTINCT (srcaddr, dstaddr, srcport, dstport, bytes, start)) "
                    + "FROM vpc_flow_logs").rows().get(0).get(0)).isEqualTo(labels.records().get("vpc"));
            assertThat(service.query("SELECT count(DISTINCT eventid) FROM cloudtrail_events").rows().get(0).get(0))
                    .isEqualTo(labels.records().get("cloudtrail"));
            // Final window results are written once, whichever run closed the window.
            assertThat(service.query("SELECT count(*) - count(DISTINCT (window_start, window_end, dimension)) "
                    + "FROM top_talkers").rows().get(0).get(0)).isEqualTo(0L);
        }
    }
}
