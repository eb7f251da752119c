package io.flowsight.topology;

import io.flowsight.schemas.CloudTrailEvent;
import io.flowsight.schemas.Finding;
import io.flowsight.schemas.SuspiciousIpAlert;
import io.flowsight.schemas.UserIdentity;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.flowsight.topology.TopologyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Sigma correlation rules in the stream: each contributing event ends a sliding window of the correlation's timespan,
 * one finding per group and window when the condition holds, grouped by any Sigma field (after a repartition), with
 * the topology's grace for out-of-order events. The rules are this module's test resources under
 * {@code /correlations}; the grace is the default 15 minutes.
 */
class CorrelationFindingsTopologyTest {
    static final String BRUTE_FORCE = "7e3a9c10-4b2d-4f6e-8a1c-2d5e9f0b3c01";
    static final String FAILED_LOGIN = "7e3a9c10-4b2d-4f6e-8a1c-2d5e9f0b3c02";
    static final String RECONNAISSANCE = "7e3a9c10-4b2d-4f6e-8a1c-2d5e9f0b3c03";
    static final String POLICY_AND_KEY = "7e3a9c10-4b2d-4f6e-8a1c-2d5e9f0b3c04";
    static final String MALLORY = "arn:aws:iam::123456789012:user/mallory";
    static final String ALICE = "arn:aws:iam::123456789012:user/alice";
    static final String BOB = "arn:aws:iam::123456789012:user/bob";
    static final String CAROL = "arn:aws:iam::123456789012:user/carol";

    @TempDir
    Path registryData;
    TopologyFixture topology;

    @BeforeEach
    void start() throws URISyntaxException {
        Path rules = Path.of(CorrelationFindingsTopologyTest.class.getResource("/correlations").toURI());
        topology = new TopologyFixture(registryData, Map.of(TopologyConfig.RULES_DIR_CONFIG, rules.toString()));
    }

    @AfterEach
    void stop() {
        topology.close();
    }

    @Test
    void threeFailedSignInsForOnePrincipalFromThreeAddressesAreOneCorrelationFinding() {
        failedLogin("203.0.113.7", MALLORY, "08:00:00");
        failedLogin("198.51.100.1", MALLORY, "08:04:00");
        failedLogin("192.0.2.9", MALLORY, "08:09:00");
        failedLogin("192.0.2.9", MALLORY, "08:09:30");

        String eventId = BRUTE_FORCE + "|" + MALLORY + "|2026-11-22T08:00:00Z";
        Finding correlation = Finding.newBuilder()
                .setFindingId(BRUTE_FORCE + "|" + eventId)
                .setRuleId(BRUTE_FORCE)
                .setRuleTitle("Console sign-in brute force against one principal")
                .setRuleLevel("high")
                .setRuleAuthor("FlowSight tests")
                .setRuleTags(List.of("attack.credential-access", "attack.t1110.001"))
                .setRuleReferences(List.of())
                .setMatchedSelections(List.of("failed_console_login"))
                .setLogType("cloudtrail")
                .setEventId(eventId)
                .setEventTime(at("08:09:00"))
                .setSourceAddress("192.0.2.9")
                .setPrincipalArn(MALLORY)
                .setUserName("mallory")
                .setEventSource("signin.amazonaws.com")
                .setEventName("ConsoleLogin")
                .setErrorCode(null)
                .setAwsRegion("eu-west-1")
                .setAccountId("123456789012")
                .setUserAgent("aws-cli/2.15.0")
                .build();
        List<KeyValue<String, Finding>> findings = topology.findings.readKeyValuesToList();
        assertThat(findings).extracting(pair -> pair.key).as("generate: true keeps the rule's own findings;"
                        + " the fourth event is in the spent window and gives no second correlation finding")
                .containsExactly(
                        FAILED_LOGIN + "|id-ConsoleLogin-203.0.113.7-08:00:00",
                        FAILED_LOGIN + "|id-ConsoleLogin-198.51.100.1-08:04:00",
                        FAILED_LOGIN + "|id-ConsoleLogin-192.0.2.9-08:09:00",
                        correlation.getFindingId(),
                        FAILED_LOGIN + "|id-ConsoleLogin-192.0.2.9-08:09:30");
        assertThat(findings.get(3)).isEqualTo(KeyValue.pair(correlation.getFindingId(), correlation));

        // The rule's and the correlation's alerts reach the deduplicator through different repartition topics, so
        // their relative order is no contract.
        List<SuspiciousIpAlert> alerts = topology.alerts.readValuesToList();
        assertThat(alerts).extracting(SuspiciousIpAlert::getAlertId).containsExactlyInAnyOrder(
                "203.0.113.7|sigma:" + FAILED_LOGIN + "|2026-11-22T08:00:00Z",
                "198.51.100.1|sigma:" + FAILED_LOGIN + "|2026-11-22T08:04:00Z",
                "192.0.2.9|sigma:" + FAILED_LOGIN + "|2026-11-22T08:09:00Z",
                "192.0.2.9|sigma:" + BRUTE_FORCE + "|2026-11-22T08:09:00Z");
        assertThat(alerts).filteredOn(alert -> alert.getDetector().equals("sigma:" + BRUTE_FORCE))
                .containsExactly(SuspiciousIpAlert.newBuilder()
                .setAlertId("192.0.2.9|sigma:" + BRUTE_FORCE + "|2026-11-22T08:09:00Z")
                .setIp("192.0.2.9")
                .setDetector("sigma:" + BRUTE_FORCE)
                .setSeverity("high")
                .setWindowStart(at("08:09:00"))
                .setWindowEnd(at("08:10:00"))
                .setFirstSeen(at("08:09:00"))
                .setLastSeen(at("08:09:00"))
                .setScore(null)
                .setSummary("192.0.2.9 matched the rule 'Console sign-in brute force against one principal' (high)"
                        + " in cloudtrail at 2026-11-22T08:09:00Z.")
                .setEvidence(Map.ofEntries(
                        Map.entry("finding_id", correlation.getFindingId()),
                        Map.entry("rule_id", BRUTE_FORCE),
                        Map.entry("rule_title", "Console sign-in brute force against one principal"),
                        Map.entry("rule_author", "FlowSight tests"),
                        Map.entry("rule_tags", "attack.credential-access,attack.t1110.001"),
                        Map.entry("log_type", "cloudtrail"),
                        Map.entry("event_id", eventId),
                        Map.entry("event_name", "ConsoleLogin"),
                        Map.entry("principal_arn", MALLORY),
                        Map.entry("internal", "false")))
                .setLogType("cloudtrail")
                .setInternal(false)
                .build());
    }

    @Test
    void twoFailedSignInsAreNoCorrelationFinding() {
        failedLogin("203.0.113.7", MALLORY, "08:00:00");
        failedLogin("203.0.113.7", MALLORY, "08:01:00");

        assertThat(topology.findings.readValuesToList()).extracting(Finding::getRuleId)
                .containsExactly(FAILED_LOGIN, FAILED_LOGIN);
    }

    @Test
    void threeFailedSignInsSpreadOverMoreThanTheTimespanAreNoCorrelationFinding() {
        failedLogin("203.0.113.7", MALLORY, "08:00:00");
        failedLogin("203.0.113.7", MALLORY, "08:06:00");
        failedLogin("203.0.113.7", MALLORY, "08:12:00");

        assertThat(topology.findings.readValuesToList()).extracting(Finding::getRuleId)
                .containsExactly(FAILED_LOGIN, FAILED_LOGIN, FAILED_LOGIN);
    }

    @Test
    void failedSignInsOfDifferentPrincipalsAreCountedApart() {
        failedLogin("203.0.113.7", MALLORY, "08:00:00");
        failedLogin("203.0.113.7", ALICE, "08:01:00");
        failedLogin("203.0.113.7", MALLORY, "08:02:00");
        failedLogin("203.0.113.7", ALICE, "08:03:00");

        assertThat(topology.findings.readValuesToList()).extracting(Finding::getRuleId)
                .containsExactly(FAILED_LOGIN, FAILED_LOGIN, FAILED_LOGIN, FAILED_LOGIN);
    }

    @Test
    void aLateSignInWithinTheGraceStillCompletesItsWindow() {
        failedLogin("203.0.113.7", MALLORY, "09:00:00");
        failedLogin("203.0.113.7", MALLORY, "09:01:00");
        failedLogin("198.51.100.1", ALICE, "09:20:00");
        // 15 minutes behind stream time: the window ending at it (08:55–09:05) closes at 09:20, still open.
        failedLogin("192.0.2.9", MALLORY, "09:05:00");

        assertThat(topology.findings.readValuesToList()).extracting(Finding::getFindingId, Finding::getEventTime)
                .containsExactly(
                        tuple(FAILED_LOGIN + "|id-ConsoleLogin-203.0.113.7-09:00:00", at("09:00:00")),
                        tuple(FAILED_LOGIN + "|id-ConsoleLogin-203.0.113.7-09:01:00", at("09:01:00")),
                        tuple(FAILED_LOGIN + "|id-ConsoleLogin-198.51.100.1-09:20:00", at("09:20:00")),
                        tuple(FAILED_LOGIN + "|id-ConsoleLogin-192.0.2.9-09:05:00", at("09:05:00")),
                        tuple(BRUTE_FORCE + "|" + BRUTE_FORCE + "|" + MALLORY + "|2026-11-22T09:00:00Z",
                                at("09:05:00")));
    }

    @Test
    void aSignInLaterThanTheGraceIsNotCountedButStillHasItsOwnFinding() {
        failedLogin("203.0.113.7", MALLORY, "09:00:00");
        failedLogin("203.0.113.7", MALLORY, "09:01:00");
        failedLogin("198.51.100.1", ALICE, "09:40:00");
        // Every window that could hold 09:02 ends by 09:12 and closed at 09:27, before stream time 09:40.
        failedLogin("192.0.2.9", MALLORY, "09:02:00");

        assertThat(topology.findings.readValuesToList()).extracting(Finding::getFindingId).containsExactly(
                FAILED_LOGIN + "|id-ConsoleLogin-203.0.113.7-09:00:00",
                FAILED_LOGIN + "|id-ConsoleLogin-203.0.113.7-09:01:00",
                FAILED_LOGIN + "|id-ConsoleLogin-198.51.100.1-09:40:00",
                FAILED_LOGIN + "|id-ConsoleLogin-192.0.2.9-09:02:00");
    }

    @Test
    void threeDistinctIamReadsFromOneAddressAreOneCorrelationFindingAndTheRuleAloneReportsNothing() {
        call("203.0.113.7", MALLORY, "ListUsers", "08:00:00");
        call("198.51.100.1", ALICE, "ListUsers", "08:00:30");
        call("203.0.113.7", MALLORY, "ListUsers", "08:01:00");
        call("198.51.100.1", ALICE, "GetUser", "08:01:30");
        call("203.0.113.7", MALLORY, "GetUser", "08:02:00");
        call("203.0.113.7", MALLORY, "ListRoles", "08:03:00");

        String eventId = RECONNAISSANCE + "|203.0.113.7|2026-11-22T08:00:00Z";
        assertThat(topology.findings.readKeyValuesToList()).as("iam_read_call is referenced without generate: true")
                .containsExactly(KeyValue.pair(RECONNAISSANCE + "|" + eventId, Finding.newBuilder()
                        .setFindingId(RECONNAISSANCE + "|" + eventId)
                        .setRuleId(RECONNAISSANCE)
                        .setRuleTitle("IAM reconnaissance from one address")
                        .setRuleLevel("medium")
                        .setRuleAuthor("FlowSight tests")
                        .setRuleTags(List.of("attack.discovery", "attack.t1087.004"))
                        .setRuleReferences(List.of())
                        .setMatchedSelections(List.of("iam_read_call"))
                        .setLogType("cloudtrail")
                        .setEventId(eventId)
                        .setEventTime(at("08:03:00"))
                        .setSourceAddress("203.0.113.7")
                        .setPrincipalArn(MALLORY)
                        .setUserName("mallory")
                        .setEventSource("iam.amazonaws.com")
                        .setEventName("ListRoles")
                        .setErrorCode(null)
                        .setAwsRegion("eu-west-1")
                        .setAccountId("123456789012")
                        .setUserAgent("aws-cli/2.15.0")
                        .build()));
        assertThat(topology.alerts.readValuesToList()).extracting(SuspiciousIpAlert::getAlertId,
                        SuspiciousIpAlert::getSeverity)
                .containsExactly(tuple("203.0.113.7|sigma:" + RECONNAISSANCE + "|2026-11-22T08:03:00Z", "medium"));
    }

    @Test
    void aPolicyAttachedAndAnAccessKeyCreatedByOnePrincipalCorrelateInEitherOrder() {
        call("203.0.113.7", MALLORY, "AttachUserPolicy", "08:00:00");
        call("198.51.100.1", MALLORY, "CreateAccessKey", "08:10:00");
        call("203.0.113.8", ALICE, "CreateAccessKey", "09:00:00");
        call("203.0.113.8", ALICE, "AttachUserPolicy", "09:20:00");
        call("203.0.113.9", BOB, "CreateAccessKey", "09:21:00");
        call("203.0.113.9", BOB, "CreateAccessKey", "09:22:00");
        call("203.0.113.10", CAROL, "AttachUserPolicy", "10:00:00");
        call("203.0.113.10", CAROL, "CreateAccessKey", "10:31:00");

        List<String> both = List.of("user_policy_attached", "access_key_created");
        assertThat(topology.findings.readValuesToList()).extracting(Finding::getFindingId,
                        Finding::getMatchedSelections, Finding::getSourceAddress, Finding::getEventName)
                .as("bob created keys only; carol's two calls are 31 minutes apart")
                .containsExactly(
                        tuple(POLICY_AND_KEY + "|" + POLICY_AND_KEY + "|" + MALLORY + "|2026-11-22T08:00:00Z", both,
                                "198.51.100.1", "CreateAccessKey"),
                        tuple(POLICY_AND_KEY + "|" + POLICY_AND_KEY + "|" + ALICE + "|2026-11-22T09:00:00Z", both,
                                "203.0.113.8", "AttachUserPolicy"));
        assertThat(topology.alerts.readValuesToList()).extracting(SuspiciousIpAlert::getAlertId,
                        SuspiciousIpAlert::getSeverity, SuspiciousIpAlert::getStatus)
                .as("mallory's alert resolves once the event time of carol's calls passes its quiet period")
                .containsExactly(
                        tuple("198.51.100.1|sigma:" + POLICY_AND_KEY + "|2026-11-22T08:10:00Z", "critical", "firing"),
                        tuple("203.0.113.8|sigma:" + POLICY_AND_KEY + "|2026-11-22T09:20:00Z", "critical", "firing"),
                        tuple("198.51.100.1|sigma:" + POLICY_AND_KEY + "|2026-11-22T08:10:00Z", "critical",
                                "resolved"));
    }

    private void failedLogin(String address, String arn, String time) {
        pipe(address, arn, "ConsoleLogin", "signin.amazonaws.com", time, "{\"ConsoleLogin\":\"Failure\"}");
    }

    private void call(String address, String arn, String eventName, String time) {
        pipe(address, arn, eventName, "iam.amazonaws.com", time, null);
    }

    private void pipe(String address, String arn, String eventName, String eventSource, String time,
                      String responseElements) {
        Instant at = at(time);
        topology.cloudtrail.pipeInput(new TestRecord<>(address, CloudTrailEvent.newBuilder().setEventversion("1.08")
                .setEventname(eventName).setEventsource(eventSource).setSourceipaddress(address)
                .setEventtime(at.toString()).setReadonly("false").setAwsregion("eu-west-1")
                .setUseragent("aws-cli/2.15.0").setEventid("id-" + eventName + "-" + address + "-" + time)
                .setResponseelements(responseElements).setRecipientaccountid("123456789012")
                .setUseridentity(UserIdentity.newBuilder().setType("IAMUser").setArn(arn)
                        .setUsername(arn.substring(arn.lastIndexOf('/') + 1)).setAccountid("123456789012").build())
                .setEventTime(at).build(), at));
    }
}
