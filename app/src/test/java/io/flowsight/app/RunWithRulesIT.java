package io.flowsight.app;

import io.flowsight.app.runtime.LocalRuntime;
import io.flowsight.app.runtime.RunSummary;
import io.flowsight.ingest.LogType;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.topology.TopologyConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.flowsight.app.FlowSightCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flowsight run} over a few CloudTrail files with {@code flowsight.rules.dir} set: each rule match is a row of
 * the lake's {@code findings} table that {@code flowsight query} reads, and a match from an IP address is an alert.
 */
class RunWithRulesIT {
    private static final String STOP_LOGGING = "9e0d1c2b-4a5f-4e6d-8c7b-1a2b3c4d5e01";
    private static final String FLOW_LOGS_DELETED = "9e0d1c2b-4a5f-4e6d-8c7b-1a2b3c4d5e02";

    @TempDir
    Path work;

    @Test
    void ruleMatchesLandInTheFindingsTableAndAlertOnAddresses() throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Files.writeString(logs.resolve("trail-1.json"), records(
                event("e-1", "2026-11-22T08:00:00Z", "203.0.113.7", "cloudtrail.amazonaws.com", "StopLogging", null),
                event("e-2", "2026-11-22T08:00:10Z", "198.51.100.2", "s3.amazonaws.com", "ListBuckets", null)));
        Files.writeString(logs.resolve("trail-2.json"), records(
                event("e-3", "2026-11-22T08:01:00Z", "ec2.amazonaws.com", "ec2.amazonaws.com", "DeleteFlowLogs", null),
                event("e-4", "2026-11-22T08:01:30Z", "203.0.113.8", "cloudtrail.amazonaws.com", "StopLogging",
                        "AccessDenied")));
        Path rules = Path.of(RunWithRulesIT.class.getResource("/sigma").toURI());
        Path lake = work.resolve("lake");

        RunSummary summary;
        try (LocalRuntime runtime = LocalRuntime.start(new LocalRuntime.Settings(List.of(logs.toString()),
                Optional.of(LogType.CLOUDTRAIL), VpcFlowLogFormat.DEFAULT, null, false, lake, work.resolve("data"), 1,
                "127.0.0.1", 0, Optional.empty(), Map.of(TopologyConfig.RULES_DIR_CONFIG, rules.toString(),
                // Only the test's rules, so the findings are exactly theirs whatever the built-in pack holds.
                TopologyConfig.RULES_BUILTIN_CONFIG, false), Optional.empty(), false))) {
            summary = runtime.finishWhenIdle(Duration.ofSeconds(2));
            HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    runtime.httpUrl() + "/api/findings?limit=5")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).as(api.body()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(api.body()).path("findings")).extracting(
                    finding -> finding.path("rule_title").asText() + " " + finding.path("source_address").asText()
                            + " " + finding.path("rule_author").asText())
                    .containsExactly("VPC flow logs deleted ec2.amazonaws.com FlowSight tests",
                            "Trail logging stopped 203.0.113.7 FlowSight tests");
        }

        assertThat(summary.recordsIngested()).isEqualTo(4);
        assertThat(summary.lakeRows()).containsEntry("cloudtrail_events", 4L).containsEntry("findings", 2L);
        FlowSightCliTest.Run query = run("query", "--lake", lake.toString(), "--format", "csv",
                "SELECT finding_id, rule_title, rule_level, rule_author, source_address, event_name, event_time, dt, "
                        + "hour FROM findings ORDER BY event_time");
        assertThat(query.exitCode()).as(query.err()).isZero();
        assertThat(query.out().lines().toList()).containsExactly(
                "finding_id,rule_title,rule_level,rule_author,source_address,event_name,event_time,dt,hour",
                STOP_LOGGING + "|e-1,Trail logging stopped,high,FlowSight tests,203.0.113.7,StopLogging,"
                        + "2026-11-22T08:00:00Z,2026-11-22,08",
                FLOW_LOGS_DELETED + "|e-3,VPC flow logs deleted,medium,FlowSight tests,ec2.amazonaws.com,"
                        + "DeleteFlowLogs,2026-11-22T08:01:00Z,2026-11-22,08");
        FlowSightCliTest.Run findings = run("findings", "--lake", lake.toString(), "--format", "csv");
        assertThat(findings.exitCode()).as(findings.err()).isZero();
        assertThat(findings.out().lines().toList()).containsExactly(
                "event_time,rule_level,rule_title,source_address,event,actor,rule_author",
                "2026-11-22T08:01:00Z,medium,VPC flow logs deleted,ec2.amazonaws.com,DeleteFlowLogs,"
                        + "arn:aws:iam::123456789012:user/mallory,FlowSight tests",
                "2026-11-22T08:00:00Z,high,Trail logging stopped,203.0.113.7,StopLogging,"
                        + "arn:aws:iam::123456789012:user/mallory,FlowSight tests");
        assertThat(summary.alerts()).as("a service name is no address to alert on")
                .containsExactly("203.0.113.7 sigma:" + STOP_LOGGING);
    }

    private static String records(String... events) {
        return "{\"Records\":[" + String.join(",", events) + "]}";
    }

    private static String event(String id, String time, String address, String source, String name, String error) {
        return """
                {"eventVersion":"1.10","eventID":"%s","eventTime":"%s","sourceIPAddress":"%s","eventSource":"%s",\
                "eventName":"%s",%s"awsRegion":"eu-west-1","eventType":"AwsApiCall","readOnly":false,\
                "recipientAccountId":"123456789012","userAgent":"aws-cli/2.15.0",\
                "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/mallory",\
                "accountId":"123456789012","userName":"mallory"}}""".formatted(id, time, address, source, name,
                error == null ? "" : "\"errorCode\":\"" + error + "\",");
    }
}
