package io.flowsight.app;

import io.flowsight.app.demo.DemoDataGenerator;
import io.flowsight.app.demo.DemoDataGenerator.Label;
import io.flowsight.app.demo.DemoDataGenerator.Labels;
import io.flowsight.app.runtime.LocalRuntime;
import io.flowsight.app.runtime.RunSummary;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.queries.sql.LakeQueryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command as a test: {@code generate} demo logs, then {@code run --until-idle} them through the
 * real embedded broker, registry, topology and sink, and check the lake and the API against the generated files and
 * their labels; then run again on the same data directory, which must add nothing.
 */
class RunEndToEndIT {
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final int MINUTES = 15;

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void generatedLogsEndUpInTheLakeExactlyOnceWithEveryAttackAlertedAndNoBenignHeavyTalker() throws Exception {
        Path demo = work.resolve("demo");
        Files.createDirectories(demo);
        Labels labels = new DemoDataGenerator(demo, START, MINUTES, 3, 400).generate();
        Path lake = work.resolve("lake");
        Path data = work.resolve("data");

        RunSummary summary;
        try (LocalRuntime runtime = LocalRuntime.start(settings(demo, lake, data))) {
            summary = runtime.finishWhenIdle(Duration.ofSeconds(2));
            apiAnswers(runtime.httpUrl());
        }
        assertThat(summary.recordsIngested()).isEqualTo(labels.records().values().stream().mapToLong(n -> n).sum());
        assertThat(summary.deadLettersAtIngest()).isEqualTo(3);
        assertThat(summary.describe()).contains("Next: bin/flowsight top-talkers --lake " + lake);

        try (LakeQueryService service = LakeQueryService.open(lake)) {
            everyRecordOnce(service, demo, labels);
            assertThat(strings(service, "SELECT reason || ' ' || regexp_extract(source, '[^/]+$') FROM dead_letters "
                    + "ORDER BY 1")).containsExactly(
                    "field_count " + firstObject(demo, "elasticloadbalancing"),
                    "field_count " + firstObject(demo, "vpcflowlogs"),
                    "missing_field " + firstObject(demo, "CloudTrail"));
            topTalkersEqualTheFiles(service, demo);
            alertsMatchTheLabels(service, labels);
        }

        // Restarting on the same data directory resumes: the files are done, so nothing is added.
        try (LocalRuntime again = LocalRuntime.start(settings(demo, lake, data))) {
            RunSummary second = again.finishWhenIdle(Duration.ofSeconds(2));
            assertThat(second.recordsIngested()).isZero();
            assertThat(second.lakeRows()).containsAllEntriesOf(summary.lakeRows());
        }
    }

    private static LocalRuntime.Settings settings(Path demo, Path lake, Path data) {
        return new LocalRuntime.Settings(List.of(demo.resolve("AWSLogs").toString()), Optional.empty(), VpcFlowLogFormat.DEFAULT,
                null, false, lake, data, 2, "127.0.0.1", 0, Optional.of("s3cret"), Map.of(),
                Optional.empty(), false);
    }

    private static void everyRecordOnce(LakeQueryService lake, Path demo, Labels labels) throws Exception {
        assertThat(lake.query("SELECT count(*) FROM vpc_flow_logs").rows().get(0).get(0))
                .isEqualTo(labels.records().get("vpc"));
        // Every flow as it is in the files, as a multiset: nothing lost, nothing twice.
        List<String> fromFiles = new ArrayList<>();
        for (String[] flow : flows(demo)) {
            fromFiles.add(flow[3] + " " + flow[4] + " " + flow[5] + " " + flow[6] + " " + flow[9] + " " + flow[10]);
        }
        fromFiles.sort(null);
        List<String> inLake = strings(lake, "SELECT concat_ws(' ', srcaddr, dstaddr, srcport, dstport, bytes, "
                + "start) AS flow FROM vpc_flow_logs ORDER BY flow");
        assertThat(inLake).hasSameSizeAs(fromFiles);
        assertThat(inLake).isEqualTo(fromFiles);
        assertThat(lake.query("SELECT count(*), count(DISTINCT eventid) FROM cloudtrail_events").rows().get(0))
                .containsExactly(labels.records().get("cloudtrail"), labels.records().get("cloudtrail"));
        assertThat(lake.query("SELECT count(*), count(DISTINCT conn_trace_id) FROM alb_logs").rows().get(0))
                .containsExactly(labels.records().get("alb"), labels.records().get("alb"));
    }

    /** The lake's per-minute top-10 sources by bytes equal a direct computation over the generated files. */
    private static void topTalkersEqualTheFiles(LakeQueryService lake, Path demo) throws Exception {
        Map<Long, Map<String, Long>> bytesByMinute = new TreeMap<>();
        for (String[] flow : flows(demo)) {
            long minute = Long.parseLong(flow[10]) / 60 * 60;
            bytesByMinute.computeIfAbsent(minute, m -> new HashMap<>()).merge(flow[3], Long.parseLong(flow[9]), Long::sum);
        }
        List<String> expected = new ArrayList<>();
        bytesByMinute.forEach((minute, bytes) -> bytes.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(10).forEach(e -> expected.add(Instant.ofEpochSecond(minute) + " " + e.getKey() + " " + e.getValue())));
        List<String> actual = strings(lake, "SELECT strftime(window_start AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') || ' ' "
                + "|| e.key || ' ' || e.value FROM (SELECT window_start, unnest(entries) AS e FROM top_talkers "
                + "WHERE dimension = 'vpc_src_bytes' AND window_end - window_start = INTERVAL 1 MINUTE) "
                + "ORDER BY window_start, e.value DESC, e.key");
        assertThat(expected).hasSize(MINUTES * 10);
        assertThat(actual).isEqualTo(expected);
        assertThat(actual).anyMatch(line -> line.contains(" 10.0.3.5 "));
    }

    private static void alertsMatchTheLabels(LakeQueryService lake, Labels labels) throws Exception {
        List<String> alerts = strings(lake, "SELECT DISTINCT ip || ' ' || detector FROM alerts ORDER BY 1");
        for (Label label : labels.scenarios()) {
            if (label.attack()) {
                assertThat(alerts).as(label.scenario()).contains(label.address() + " " + label.detector());
            } else {
                assertThat(alerts).as(label.scenario() + " is benign").noneMatch(a -> a.startsWith(label.address() + " "));
            }
        }
    }

    private void apiAnswers(String url) throws Exception {
        assertThat(get(url + "/health", null).statusCode()).isEqualTo(200);
        assertThat(get(url + "/api/alerts", null).statusCode()).as("the token is required").isEqualTo(401);
        HttpResponse<String> alerts = get(url + "/api/alerts", "s3cret");
        assertThat(alerts.statusCode()).isEqualTo(200);
        assertThat(alerts.body()).contains("\"ip\":\"198.51.100.23\"", "\"detector\":\"port_scan\"");
        HttpResponse<String> scanner = get(url + "/api/alerts?ip=198.51.100.23", "s3cret");
        assertThat(scanner.body()).as("the link notifications carry: one address's alerts")
                .contains("\"ip\":\"198.51.100.23\"", "\"resolvedAt\":").doesNotContain("203.0.113.45")
                .as("resolved by the run's closing heartbeat").doesNotContain("\"resolvedAt\":null");
        HttpResponse<String> top = get(url + "/api/top-talkers?dimension=vpc_src_bytes&window=PT1M&closed=2", "s3cret");
        assertThat(top.statusCode()).isEqualTo(200);
        assertThat(top.body()).contains("\"closed\":[{", "\"dimension\":\"vpc_src_bytes\"", "10.0.3.5");
        assertThat(get(url + "/api/top-talkers", "s3cret").body()).contains("vpc_src_bytes", "alb_client_requests",
                "\"windows\":[\"PT1M\",\"PT1H\"]", "\"topN\":10");
        assertThat(get(url + "/api/rejected", "s3cret").body()).contains("vpc_src", "\"windows\":[\"PT1M\",\"PT1H\"]");
        assertThat(get(url + "/api/rejected?dimension=vpc_src&window=PT1H", "s3cret").statusCode()).isEqualTo(200);
        assertThat(get(url + "/api/ip/198.51.100.23", "s3cret").body()).contains("\"address\":\"198.51.100.23\"",
                "port_scan");
        assertThat(get(url + "/api/anomalies?limit=100", "s3cret").body()).contains("\"detector\":\"volume_bytes\"",
                "\"key\":\"10.0.2.15\"");
        HttpResponse<String> query = get(url + "/api/query?sql=SELECT%20count(*)%20AS%20n%20FROM%20dead_letters",
                "s3cret");
        assertThat(query.body()).contains("\"rows\":[{\"n\":3}]");
        assertThat(get(url + "/api/query?sql=DROP%20TABLE%20alerts", "s3cret").statusCode()).isEqualTo(400);
        assertThat(get(url + "/api/top-talkers?dimension=nope", "s3cret").statusCode()).isEqualTo(400);
        String metrics = get(url + "/metrics", "s3cret").body();
        assertThat(metrics).contains("flowsight_ingest_records_total{type=\"vpc\"}", "jvm_memory_used_bytes",
                "kafka_stream_", "flowsight_sink_records_written", "client_id=\"consumer-flowsight-sink",
                "kafka_producer_record_send_total");
    }

    private HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> strings(LakeQueryService lake, String sql) throws Exception {
        return lake.query(sql).rows().stream().map(row -> String.valueOf(row.get(0))).toList();
    }

    private static List<String[]> flows(Path demo) throws IOException {
        List<String[]> flows = new ArrayList<>();
        for (Path file : objects(demo, "vpcflowlogs")) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                reader.lines().map(line -> line.split(" ")).filter(v -> v.length == 14 && v[0].equals("2"))
                        .forEach(flows::add);
            }
        }
        return flows;
    }

    private static String firstObject(Path demo, String service) throws IOException {
        return objects(demo, service).get(0).getFileName().toString();
    }

    private static List<Path> objects(Path demo, String service) throws IOException {
        try (Stream<Path> files = Files.walk(demo.resolve("AWSLogs/123456789012").resolve(service))) {
            return files.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::getFileName)).toList();
        }
    }
}
