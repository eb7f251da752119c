package io.flowsight.topology;

import io.flowsight.schemas.AlbLogEntry;
import io.flowsight.schemas.CloudTrailEvent;
import io.flowsight.schemas.DeadLetter;
import io.flowsight.schemas.Finding;
import io.flowsight.schemas.RuleDocument;
import io.flowsight.schemas.SuspiciousIpAlert;
import io.flowsight.schemas.UserIdentity;
import io.flowsight.topology.findings.RecordDigest;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.flowsight.topology.TopologyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Sigma rules in the stream: one finding per rule and event on the findings topic, whenever the event arrives, and an
 * alert on the source address when it is an IP address. The rules are this module's test resources under
 * {@code /rules}.
 */
class RuleFindingsTopologyTest {
    static final String STOP_LOGGING = "5c1f3a2e-8b1d-4c1e-9a51-0f7e2d6b1a01";
    static final String PATH_TRAVERSAL = "5c1f3a2e-8b1d-4c1e-9a51-0f7e2d6b1a02";
    static final String CONSOLE_LOGIN = "5c1f3a2e-8b1d-4c1e-9a51-0f7e2d6b1a03";
    static final String KEY_THEN_DELETE_TRAIL = "5c1f3a2e-8b1d-4c1e-9a51-0f7e2d6b1a04";
    static final String MALLORY = "arn:aws:iam::123456789012:user/mallory";
    static final String EVENT_ID = "0f9c4b7e-3a52-4d61-8e0b-6c2d7f1a9b3e";
    /** A rule with a misspelt modifier ({@code contain}), refused at load. */
    static final String BROKEN_RULE = """
            title: Broken
            logsource:
                product: aws
                service: cloudtrail
            detection:
                selection:
                    eventName|contain: Stop
                condition: selection
            """;

    @TempDir
    Path registryData;
    @TempDir
    Path rulesCopy;
    TopologyFixture topology;

    @AfterEach
    void stop() {
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    void stopLoggingFromAnAddressIsOneFindingAndOneAlert() throws Exception {
        start(testRules());
        cloudTrail("203.0.113.7", "StopLogging", "08:00:00", null);

        List<KeyValue<String, Finding>> findings = topology.findings.readKeyValuesToList();
        assertThat(findings).containsExactly(KeyValue.pair(STOP_LOGGING + "|" + EVENT_ID, Finding.newBuilder()
                .setFindingId(STOP_LOGGING + "|" + EVENT_ID)
                .setRuleId(STOP_LOGGING)
                .setRuleTitle("Trail logging stopped")
                .setRuleLevel("high")
                .setRuleAuthor("FlowSight tests")
                .setRuleTags(List.of("attack.defense-evasion", "attack.t1562.008"))
                .setRuleReferences(List.of(
                        "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html"))
                .setMatchedSelections(List.of("stop"))
                .setLogType("cloudtrail")
                .setEventId(EVENT_ID)
                .setEventTime(at("08:00:00"))
                .setSourceAddress("203.0.113.7")
                .setPrincipalArn(MALLORY)
                .setUserName("mallory")
                .setEventSource("cloudtrail.amazonaws.com")
                .setEventName("StopLogging")
                .setErrorCode(null)
                .setAwsRegion("eu-west-1")
                .setAccountId("123456789012")
                .setUserAgent("aws-cli/2.15.0")
                .build()));

        assertThat(topology.alerts.readKeyValuesToList()).containsExactly(KeyValue.pair("203.0.113.7",
                SuspiciousIpAlert.newBuilder()
                        .setAlertId("203.0.113.7|sigma:" + STOP_LOGGING + "|2026-11-22T08:00:00Z")
                        .setIp("203.0.113.7")
                        .setDetector("sigma:" + STOP_LOGGING)
                        .setSeverity("high")
                        .setWindowStart(at("08:00:00"))
                        .setWindowEnd(at("08:01:00"))
                        .setFirstSeen(at("08:00:00"))
                        .setLastSeen(at("08:00:00"))
                        .setScore(null)
                        .setSummary("203.0.113.7 matched the rule 'Trail logging stopped' (high) in cloudtrail at "
                                + "2026-11-22T08:00:00Z.")
                        .setEvidence(Map.ofEntries(
                                Map.entry("finding_id", STOP_LOGGING + "|" + EVENT_ID),
                                Map.entry("rule_id", STOP_LOGGING),
                                Map.entry("rule_title", "Trail logging stopped"),
                                Map.entry("rule_author", "FlowSight tests"),
                                Map.entry("rule_tags", "attack.defense-evasion,attack.t1562.008"),
                                Map.entry("log_type", "cloudtrail"),
                                Map.entry("event_id", EVENT_ID),
                                Map.entry("event_name", "StopLogging"),
                                Map.entry("principal_arn", MALLORY),
                                Map.entry("internal", "false")))
                        .setLogType("cloudtrail")
                        .setInternal(false)
                        .build()));
    }

    @Test
    void aServiceOrAwsInternalCallerIsAFindingWithoutAlert() throws Exception {
        start(testRules());
        cloudTrail("cloudtrail.amazonaws.com", "StopLogging", "08:00:00", null);
        cloudTrail("AWS Internal", "StopLogging", "08:00:05", null);

        assertThat(topology.findings.readValuesToList()).extracting(f -> f.getSourceAddress() + " " + f.getRuleId())
                .containsExactly("cloudtrail.amazonaws.com " + STOP_LOGGING, "AWS Internal " + STOP_LOGGING);
        assertThat(topology.alerts.isEmpty()).isTrue();
    }

    @Test
    void aFailedCallIsNoMatchAndAnotherEventNeither() throws Exception {
        start(testRules());
        cloudTrail("203.0.113.7", "StopLogging", "08:00:00", "AccessDenied");
        cloudTrail("203.0.113.7", "ListBuckets", "08:00:01", null);

        assertThat(topology.findings.isEmpty()).isTrue();
        assertThat(topology.alerts.isEmpty()).isTrue();
    }

    @Test
    void anEventTooLateForTheWindowsStillMeetsTheRules() throws Exception {
        start(testRules());
        cloudTrail("198.51.100.1", "ListBuckets", "09:00:00", null);
        // 08:00 is an hour behind stream time, far past the 15-minute grace: the windows drop it as late.
        cloudTrail("203.0.113.7", "StopLogging", "08:00:00", null);

        assertThat(topology.deadLetters.readValuesToList()).extracting(DeadLetter::getReason, DeadLetter::getRecordTime)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("late", at("08:00:00")));
        assertThat(topology.findings.readValuesToList()).extracting(Finding::getFindingId, Finding::getEventTime)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(STOP_LOGGING + "|" + EVENT_ID, at("08:00:00")));
        assertThat(topology.alerts.readValuesToList()).extracting(SuspiciousIpAlert::getAlertId)
                .containsExactly("203.0.113.7|sigma:" + STOP_LOGGING + "|2026-11-22T08:00:00Z");
    }

    @Test
    void albRequestsMatchedByAWebserverRuleAreFindingsAndOneAlertPerQuietPeriod() throws Exception {
        start(testRules());
        AlbLogEntry traversal = request("192.0.2.50", "GET", "https://shop.example.com:443/static/../../etc/passwd",
                "08:00:00");
        AlbLogEntry encoded = request("192.0.2.50", "GET", "https://shop.example.com:443/img?f=..%2F..%2Fetc%2Fpasswd",
                "08:05:00");
        request("192.0.2.51", "GET", "https://shop.example.com:443/static/app.js", "08:05:01");

        String first = PATH_TRAVERSAL + "|" + RecordDigest.of(traversal);
        String second = PATH_TRAVERSAL + "|" + RecordDigest.of(encoded);
        assertThat(RecordDigest.of(traversal)).matches("[0-9a-f]{32}").isNotEqualTo(RecordDigest.of(encoded));
        assertThat(topology.findings.readKeyValuesToList()).containsExactly(
                KeyValue.pair(first, albFinding(first, traversal)), KeyValue.pair(second, albFinding(second, encoded)));
        assertThat(topology.alerts.readValuesToList()).extracting(SuspiciousIpAlert::getAlertId,
                        SuspiciousIpAlert::getSeverity, SuspiciousIpAlert::getSummary)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "192.0.2.50|sigma:" + PATH_TRAVERSAL + "|2026-11-22T08:00:00Z", "medium",
                        "192.0.2.50 matched the rule 'Path traversal in a request' (medium) in alb at "
                                + "2026-11-22T08:00:00Z."));
    }

    @Test
    void anInformationalRuleIsAFindingWithoutAlert() throws Exception {
        start(testRules());
        cloudTrail("203.0.113.7", "ConsoleLogin", "08:00:00", null);

        assertThat(topology.findings.readValuesToList()).extracting(Finding::getRuleId, Finding::getRuleLevel)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CONSOLE_LOGIN, "informational"));
        assertThat(topology.alerts.isEmpty()).isTrue();
    }

    @Test
    void aTemporalOrderedCorrelationReportsTheSequenceAndNotTheRulesItBuildsOn() throws Exception {
        start(testRules());
        cloudTrail("203.0.113.7", "CreateAccessKey", "08:00:00", null);
        cloudTrail("203.0.113.7", "DeleteTrail", "08:00:01", null);

        assertThat(topology.findings.readValuesToList())
                .as("the correlation says no 'generate: true': its rules report nothing on their own")
                .extracting(Finding::getRuleId, Finding::getEventName, Finding::getMatchedSelections)
                .containsExactly(tuple(KEY_THEN_DELETE_TRAIL, "DeleteTrail",
                        List.of("access_key_created", "trail_deleted")));
    }

    @Test
    void theSameEventsInTheOtherOrderAreNoTemporalOrderedFinding() throws Exception {
        start(testRules());
        cloudTrail("203.0.113.7", "DeleteTrail", "08:00:00", null);
        cloudTrail("203.0.113.7", "CreateAccessKey", "08:00:01", null);

        assertThat(topology.findings.isEmpty()).isTrue();
        assertThat(topology.alerts.isEmpty()).isTrue();
    }

    @Test
    void aRulePublishedToTheRulesTopicRunsFromTheNextRefreshWithoutARestart() throws Exception {
        start(null);
        cloudTrail("203.0.113.7", "StopLogging", "08:00:00", null);
        assertThat(topology.findings.isEmpty()).as("no rule yet").isTrue();

        String stopLogging = Files.readString(testRules().resolve("cloudtrail_trail_logging_stopped.yml"));
        publish("stop-logging.yml", stopLogging);
        topology.driver.advanceWallClockTime(Duration.ofSeconds(5));
        cloudTrail("203.0.113.8", "StopLogging", "08:02:00", null);

        assertThat(topology.findings.readValuesToList()).extracting(Finding::getRuleId, Finding::getSourceAddress)
                .containsExactly(tuple(STOP_LOGGING, "203.0.113.8"));

        topology.publishedRules.pipeInput("stop-logging.yml", null);
        topology.driver.advanceWallClockTime(Duration.ofSeconds(5));
        cloudTrail("203.0.113.9", "StopLogging", "08:03:00", null);
        assertThat(topology.findings.isEmpty()).as("the tombstone unloaded it").isTrue();
    }

    @Test
    void aPublishedRuleThatDoesNotLoadLeavesThePublishedRulesBesideItRunning() throws Exception {
        start(null);
        publish("broken.yml", BROKEN_RULE);
        publish("stop-logging.yml", Files.readString(testRules().resolve("cloudtrail_trail_logging_stopped.yml")));
        topology.driver.advanceWallClockTime(Duration.ofSeconds(5));
        cloudTrail("203.0.113.7", "StopLogging", "08:00:00", null);

        assertThat(topology.findings.readValuesToList()).extracting(Finding::getRuleId).containsExactly(STOP_LOGGING);
    }

    @Test
    void aPublishedCorrelationCountsTheRulesLoadedAtStart() throws Exception {
        start(testRules());
        publish("key-then-stop-logging.yml", """
                title: Access key created, then logging stopped
                id: 9d0e4c51-2f6a-4b8e-a1c3-5e7f9b2d4a60
                correlation:
                    type: temporal_ordered
                    rules:
                        - access_key_created
                        - 5c1f3a2e-8b1d-4c1e-9a51-0f7e2d6b1a01
                    group-by:
                        - sourceIPAddress
                    timespan: 10m
                level: critical
                """);
        topology.driver.advanceWallClockTime(Duration.ofSeconds(5));
        cloudTrail("203.0.113.7", "CreateAccessKey", "08:00:00", null);
        cloudTrail("203.0.113.7", "StopLogging", "08:05:00", null);

        assertThat(topology.findings.readValuesToList()).extracting(Finding::getRuleId)
                .as("the rule loaded at start that the published correlation refers to no longer reports on its own")
                .containsExactly("9d0e4c51-2f6a-4b8e-a1c3-5e7f9b2d4a60");
    }

    @Test
    void aRulesDirectoryWithABadFileRunsTheOthers() throws Exception {
        Files.copy(testRules().resolve("cloudtrail_trail_logging_stopped.yml"),
                rulesCopy.resolve("cloudtrail_trail_logging_stopped.yml"));
        Files.writeString(rulesCopy.resolve("broken.yml"), BROKEN_RULE);
        start(rulesCopy);
        cloudTrail("203.0.113.7", "StopLogging", "08:00:00", null);

        assertThat(topology.findings.readValuesToList()).extracting(Finding::getRuleId).containsExactly(STOP_LOGGING);
    }

    @Test
    void withoutRulesNothingIsFound() {
        start(null);
        cloudTrail("203.0.113.7", "StopLogging", "08:00:00", null);

        assertThat(topology.findings.isEmpty()).isTrue();
        assertThat(topology.alerts.isEmpty()).isTrue();
    }

    private void publish(String name, String text) {
        topology.publishedRules.pipeInput(name, RuleDocument.newBuilder().setName(name).setText(text)
                .setPublishedAt(Instant.parse("2026-11-22T07:00:00Z")).setPublishedBy("tests").build());
    }

    private void start(Path rules) {
        topology = new TopologyFixture(registryData, rules == null ? Map.of()
                : Map.of(TopologyConfig.RULES_DIR_CONFIG, rules.toString()));
    }

    static Path testRules() throws URISyntaxException {
        return Path.of(RuleFindingsTopologyTest.class.getResource("/rules").toURI());
    }

    private void cloudTrail(String address, String eventName, String time, String errorCode) {
        Instant at = at(time);
        String eventSource = eventName.equals("ConsoleLogin") ? "signin.amazonaws.com"
                : eventName.endsWith("Trail") || eventName.endsWith("Logging") ? "cloudtrail.amazonaws.com"
                : "iam.amazonaws.com";
        topology.cloudtrail.pipeInput(new TestRecord<>(address, CloudTrailEvent.newBuilder().setEventversion("1.08")
                .setEventname(eventName).setEventsource(eventSource).setSourceipaddress(address)
                .setEventtime(at.toString()).setErrorcode(errorCode).setReadonly("false").setAwsregion("eu-west-1")
                .setUseragent("aws-cli/2.15.0").setEventid(eventName.equals("StopLogging") ? EVENT_ID
                        : "id-" + eventName + "-" + time)
                .setRecipientaccountid("123456789012")
                .setUseridentity(UserIdentity.newBuilder().setType("IAMUser").setArn(MALLORY).setUsername("mallory")
                        .setAccountid("123456789012").build())
                .setEventTime(at).build(), at));
    }

    private AlbLogEntry request(String client, String verb, String url, String time) {
        Instant at = at(time);
        AlbLogEntry entry = AlbLogEntry.newBuilder().setType("https").setTime(at.toString()).setElb("app/shop/1")
                .setClientIp(client).setClientPort(50000).setElbStatusCode(404).setReceivedBytes(100L)
                .setSentBytes(200L).setRequestVerb(verb).setRequestUrl(url).setRequestProto("HTTP/1.1")
                .setUserAgent("curl/8.5.0").setEventTime(at).build();
        topology.alb.pipeInput(new TestRecord<>(client, entry, at));
        return entry;
    }

    private static Finding albFinding(String findingId, AlbLogEntry entry) {
        return Finding.newBuilder()
                .setFindingId(findingId)
                .setRuleId(PATH_TRAVERSAL)
                .setRuleTitle("Path traversal in a request")
                .setRuleLevel("medium")
                .setRuleAuthor("FlowSight tests")
                .setRuleTags(List.of("attack.initial-access", "attack.t1190"))
                .setRuleReferences(List.of())
                .setMatchedSelections(List.of("traversal"))
                .setLogType("alb")
                .setEventId(RecordDigest.of(entry))
                .setEventTime(entry.getEventTime())
                .setSourceAddress(entry.getClientIp())
                .setRequestVerb("GET")
                .setRequestUrl(entry.getRequestUrl())
                .setUserAgent("curl/8.5.0")
                .setStatusCode(404)
                .build();
    }
}
