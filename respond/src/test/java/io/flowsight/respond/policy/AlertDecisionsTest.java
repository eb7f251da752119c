package io.flowsight.respond.policy;

import io.flowsight.schemas.Severity;
import io.flowsight.schemas.BlocklistChange;
import io.flowsight.schemas.SuspiciousIpAlert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.flowsight.respond.policy.BlocklistAction.BLOCK;
import static io.flowsight.respond.policy.BlocklistAction.EVICT;
import static io.flowsight.respond.policy.BlocklistAction.EXPIRE;
import static io.flowsight.respond.policy.BlocklistAction.EXTEND;
import static io.flowsight.respond.policy.BlocklistAction.REFUSE;
import static io.flowsight.respond.policy.Decisions.T0;
import static io.flowsight.respond.policy.Decisions.expected;
import static io.flowsight.respond.policy.Decisions.policy;
import static io.flowsight.respond.policy.Decisions.portScanAndBruteForcePolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** What the policy decides for alerts: blocks, their time-to-live and escalation, the guardrails, and the cap. */
class AlertDecisionsTest {
    static final String SCANNER = "198.51.100.23";
    static final String SCANNER_ALERT = SCANNER + "|port_scan|2026-03-02T10:00:00Z";

    @Test
    void aFiringAlertOfABlockingDetectorBlocksItsAddressForTheTimeToLive() {
        BlocklistPolicy policy = portScanAndBruteForcePolicy();

        List<BlocklistChange> changes = policy.onAlert(Alerts.firing(SCANNER, "port_scan", "high"), T0);

        assertThat(changes).containsExactly(expected("c1", BLOCK, SCANNER, T0)
                .setBlocked(true)
                .setExpiresAt(Instant.parse("2026-03-02T14:05:00Z"))
                .setReason("Blocked for 4h after a high port_scan alert (offence 1).")
                .setAlertId(SCANNER_ALERT)
                .setDetector("port_scan")
                .setSeverity("high")
                .setOffences(1)
                .build());
        assertThat(policy.current().entries()).containsExactly(new BlockedAddress(CidrBlock.parse(SCANNER),
                Instant.parse("2026-03-02T14:05:00Z"), Severity.HIGH, 1, T0, "policy",
                "Blocked for 4h after a high port_scan alert (offence 1).", SCANNER_ALERT, "port_scan", null));
    }

    @Test
    void alertsThatDoNotBlockAreNoDecisionAtAll() {
        BlocklistPolicy policy = portScanAndBruteForcePolicy();
        SuspiciousIpAlert blocking = Alerts.firing(SCANNER, "port_scan", "high");

        assertThat(policy.onAlert(SuspiciousIpAlert.newBuilder(blocking).setStatus("resolved")
                .setResolvedAt(T0).build(), T0)).as("resolved").isEmpty();
        assertThat(policy.onAlert(Alerts.firing(SCANNER, "traffic_spike", "critical"), T0)).as("detector").isEmpty();
        assertThat(policy.onAlert(Alerts.firing(SCANNER, "port_scan", "medium"), T0)).as("severity").isEmpty();
        assertThat(policy.onAlert(Alerts.firing(SCANNER, "port_scan", "urgent"), T0)).as("unknown severity").isEmpty();
        assertThat(policy(Map.of()).onAlert(blocking, T0)).as("blocking is opt-in").isEmpty();
        BlocklistPolicy albOnly = policy(Map.of("flowsight.respond.block.detectors", "*",
                "flowsight.respond.block.log.types", "alb"));
        assertThat(albOnly.onAlert(blocking, T0)).as("log type vpcflow").isEmpty();
        assertThat(albOnly.onAlert(SuspiciousIpAlert.newBuilder(blocking).setLogType(null).build(), T0))
                .as("no log type").isEmpty();
        assertThat(policy.current().entries()).isEmpty();
        assertThat(albOnly.current().entries()).isEmpty();
    }

    @Test
    void aResolvedAlertLeavesItsBlockAsItIs() {
        BlocklistPolicy policy = portScanAndBruteForcePolicy();
        SuspiciousIpAlert alert = Alerts.firing(SCANNER, "port_scan", "high");
        policy.onAlert(alert, T0);
        Blocklist blocked = policy.current();

        assertThat(policy.onAlert(SuspiciousIpAlert.newBuilder(alert).setStatus("resolved")
                .setResolvedAt(T0.plusSeconds(900)).build(), T0.plusSeconds(900))).isEmpty();
        assertThat(policy.current()).isEqualTo(blocked);
    }

    @Test
    void aRepeatOffenderIsBlockedForFourTimesLongerEachTimeUpToSevenDays() {
        BlocklistPolicy policy = portScanAndBruteForcePolicy();
        SuspiciousIpAlert portScan = Alerts.firing(SCANNER, "port_scan", "high");
        SuspiciousIpAlert bruteForce = Alerts.firing(SCANNER, "brute_force", "critical");
        Instant t1 = Instant.parse("2026-03-02T11:05:00Z");
        Instant endOfSecond = Instant.parse("2026-03-03T03:05:00Z");
        Instant t3 = Instant.parse("2026-03-04T09:00:00Z");
        Instant t4 = Instant.parse("2026-03-04T10:00:00Z");

        List<BlocklistChange> first = policy.onAlert(portScan, T0);
        List<BlocklistChange> second = policy.onAlert(bruteForce, t1);
        List<BlocklistChange> ended = policy.expire(endOfSecond);
        List<BlocklistChange> third = policy.onAlert(Alerts.again(portScan, Instant.parse("2026-03-04T08:59:00Z")), t3);
        List<BlocklistChange> fourth = policy.onAlert(Alerts.again(bruteForce, Instant.parse("2026-03-04T09:59:00Z")),
                t4);

        assertThat(first).extracting(BlocklistChange::getExpiresAt)
                .containsExactly(Instant.parse("2026-03-02T14:05:00Z"));
        assertThat(second).containsExactly(expected("c2", EXTEND, SCANNER, t1)
                .setBlocked(true)
                .setExpiresAt(endOfSecond)
                .setReason("Blocked again before its block ended, after a critical brute_force alert (offence 2): now "
                        + "until 2026-03-03T03:05:00Z, 16h from now.")
                .setAlertId(SCANNER + "|brute_force|2026-03-02T10:00:00Z")
                .setDetector("brute_force")
                .setSeverity("critical")
                .setOffences(2)
                .build());
        assertThat(ended).containsExactly(expected("c3", EXPIRE, SCANNER, endOfSecond)
                .setBlocked(false)
                .setReason("Its block ended at 2026-03-03T03:05:00Z.")
                .setSeverity("critical")
                .setOffences(2)
                .build());
        assertThat(third).containsExactly(expected("c4", BLOCK, SCANNER, t3)
                .setBlocked(true)
                .setExpiresAt(Instant.parse("2026-03-07T01:00:00Z"))
                .setReason("Blocked for 2d16h after a high port_scan alert (offence 3).")
                .setAlertId(SCANNER + "|port_scan|2026-03-04T08:59:00Z")
                .setDetector("port_scan")
                .setSeverity("high")
                .setOffences(3)
                .build());
        assertThat(fourth).containsExactly(expected("c5", EXTEND, SCANNER, t4)
                .setBlocked(true)
                .setExpiresAt(Instant.parse("2026-03-11T10:00:00Z"))
                .setReason("Blocked again before its block ended, after a critical brute_force alert (offence 4): now "
                        + "until 2026-03-11T10:00:00Z, 7d from now.")
                .setAlertId(SCANNER + "|brute_force|2026-03-04T09:59:00Z")
                .setDetector("brute_force")
                .setSeverity("critical")
                .setOffences(4)
                .build());
    }

    @Test
    void theSameAlertAgainIsNotANewOffence() {
        BlocklistPolicy policy = portScanAndBruteForcePolicy();
        SuspiciousIpAlert alert = Alerts.firing(SCANNER, "port_scan", "high");
        policy.onAlert(alert, T0);
        Blocklist afterFirst = policy.current();

        SuspiciousIpAlert moreEvidence = SuspiciousIpAlert.newBuilder(alert).setOccurrences(3)
                .setLastSeen(T0.plusSeconds(120)).build();

        assertThat(policy.onAlert(alert, T0.plusSeconds(1))).as("re-delivered").isEmpty();
        assertThat(policy.onAlert(moreEvidence, T0.plusSeconds(180))).as("firing again").isEmpty();
        assertThat(policy.current()).isEqualTo(afterFirst);
    }

    @Test
    void blocksThatEndedAreExpiredBeforeTheNextDecision() {
        BlocklistPolicy policy = portScanAndBruteForcePolicy();
        policy.onAlert(Alerts.firing(SCANNER, "port_scan", "high"), T0);
        Instant later = T0.plus(Duration.ofHours(5));

        List<BlocklistChange> changes = policy.onAlert(Alerts.firing("2001:db8:5::17", "brute_force", "high"), later);

        assertThat(changes).extracting(BlocklistChange::getChangeId, BlocklistChange::getAction,
                        BlocklistChange::getAddress, BlocklistChange::getFamily)
                .containsExactly(tuple("c2", "expire", SCANNER, "ipv4"),
                        tuple("c3", "block", "2001:db8:5::17", "ipv6"));
        assertThat(policy.current().entries()).extracting(entry -> entry.address().toString())
                .containsExactly("2001:db8:5::17");
        assertThat(policy.expire(later)).as("nothing else ended").isEmpty();
    }

    @Test
    void internalAddressesAreRefusedAndTheRefusalIsRecorded() {
        BlocklistPolicy policy = portScanAndBruteForcePolicy();

        List<BlocklistChange> v4 = policy.onAlert(Alerts.firing("10.0.3.7", "port_scan", "critical"), T0);
        List<BlocklistChange> v6 = policy.onAlert(Alerts.firing("fd00:1::7", "port_scan", "critical"), T0);

        assertThat(v4).containsExactly(expected("c1", REFUSE, "10.0.3.7", T0)
                .setBlocked(false)
                .setReason("Not blocked: 10.0.3.7 is in 10.0.0.0/8, an internal range "
                        + "(flowsight.respond.internal.cidrs).")
                .setAlertId("10.0.3.7|port_scan|2026-03-02T10:00:00Z")
                .setDetector("port_scan")
                .setSeverity("critical")
                .build());
        assertThat(v6).extracting(BlocklistChange::getFamily, BlocklistChange::getReason).containsExactly(
                tuple("ipv6", "Not blocked: fd00:1::7 is in fc00::/7, an internal range "
                        + "(flowsight.respond.internal.cidrs)."));
        assertThat(policy.current().entries()).isEmpty();
    }

    @Test
    void theAllowListAndTheTargetsOwnAddressesAreRefused() {
        BlocklistPolicy policy = policy(Map.of("flowsight.respond.block.detectors", "port_scan",
                "flowsight.respond.allow.cidrs", "203.0.113.10,198.51.100.0/28",
                "flowsight.respond.protected.addresses", "192.0.2.80,2001:db8:80::/64"));

        assertThat(reasons(policy, "203.0.113.10", "198.51.100.5", "192.0.2.80", "2001:db8:80::5")).containsExactly(
                "Not blocked: 203.0.113.10 is an allow-listed address (flowsight.respond.allow.cidrs).",
                "Not blocked: 198.51.100.5 is in 198.51.100.0/28, an allow-listed range "
                        + "(flowsight.respond.allow.cidrs).",
                "Not blocked: 192.0.2.80 is a target's own address (flowsight.respond.protected.addresses).",
                "Not blocked: 2001:db8:80::5 is in 2001:db8:80::/64, a target's own range "
                        + "(flowsight.respond.protected.addresses).");
        assertThat(policy.current().entries()).isEmpty();
    }

    @Test
    void anAlertThatCallsItsAddressInternalIsRefusedWhateverTheRanges() {
        BlocklistPolicy policy = portScanAndBruteForcePolicy();

        List<BlocklistChange> changes = policy.onAlert(Alerts.builder("198.51.100.99", "port_scan", "high")
                .setInternal(true).build(), T0);

        assertThat(changes).extracting(BlocklistChange::getAction, BlocklistChange::getReason).containsExactly(
                tuple("refuse", "Not blocked: the alert marks 198.51.100.99 as internal "
                        + "(inside flowsight.topology.internal.cidrs)."));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1|Not blocked: 127.0.0.1 is a loopback address.",
            "::1|Not blocked: ::1 is a loopback address.",
            "169.254.169.254|Not blocked: 169.254.169.254 is a link-local address.",
            "fe80::1ff:fe23:4567:890a|Not blocked: fe80::1ff:fe23:4567:890a is a link-local address.",
            "224.0.0.251|Not blocked: 224.0.0.251 is a multicast address.",
            "ff02::fb|Not blocked: ff02::fb is a multicast address.",
            "0.0.0.0|Not blocked: 0.0.0.0 is an unspecified (\"this network\") address.",
            "::|Not blocked: :: is an unspecified (\"this network\") address.",
            "255.255.255.255|Not blocked: 255.255.255.255 is the limited broadcast address.",
    })
    void specialPurposeAddressesAreRefused(String ip, String reason) {
        BlocklistPolicy policy = portScanAndBruteForcePolicy();

        assertThat(policy.onAlert(Alerts.firing(ip, "port_scan", "critical"), T0))
                .extracting(BlocklistChange::getAction, BlocklistChange::getReason, BlocklistChange::getBlocked)
                .containsExactly(tuple("refuse", reason, false));
    }

    @Test
    void whatIsNotASingleAddressIsRefused() {
        BlocklistPolicy policy = portScanAndBruteForcePolicy();

        List<BlocklistChange> garbage = policy.onAlert(Alerts.firing("scanner.example.com", "port_scan", "high"), T0);
        List<BlocklistChange> range = policy.onAlert(Alerts.firing("198.51.100.0/24", "port_scan", "high"), T0);

        assertThat(garbage).containsExactly(expected("c1", REFUSE, "scanner.example.com", T0)
                .setFamily("unknown")
                .setBlocked(false)
                .setReason("Not blocked: 'scanner.example.com' is not an IP address.")
                .setAlertId("scanner.example.com|port_scan|2026-03-02T10:00:00Z")
                .setDetector("port_scan")
                .setSeverity("high")
                .build());
        assertThat(range).containsExactly(expected("c2", REFUSE, "198.51.100.0/24", T0)
                .setBlocked(false)
                .setReason("Not blocked: an alert blocks one address, never a range like 198.51.100.0/24.")
                .setAlertId("198.51.100.0/24|port_scan|2026-03-02T10:00:00Z")
                .setDetector("port_scan")
                .setSeverity("high")
                .build());
        assertThat(policy.current().entries()).isEmpty();
    }

    @Test
    void aFullFamilyEvictsItsLowestSeverityOldestEntryOrRefusesWhenAllAreMoreSevere() {
        BlocklistPolicy policy = policy(Map.of("flowsight.respond.block.detectors", "*",
                "flowsight.respond.block.min.severity", "low", "flowsight.respond.block.max.entries", "3"));
        policy.onAlert(Alerts.firing("198.51.100.1", "port_scan", "high"), T0);
        policy.onAlert(Alerts.firing("198.51.100.2", "port_scan", "medium"), T0.plusSeconds(60));
        policy.onAlert(Alerts.firing("198.51.100.3", "port_scan", "medium"), T0.plusSeconds(120));
        Instant full = T0.plusSeconds(180);
        Instant fuller = T0.plusSeconds(240);

        List<BlocklistChange> evicting = policy.onAlert(Alerts.firing("198.51.100.4", "brute_force", "high"), full);
        List<BlocklistChange> refused = policy.onAlert(Alerts.firing("198.51.100.5", "host_scan", "low"), fuller);
        List<BlocklistChange> otherFamily = policy.onAlert(Alerts.firing("2001:db8::5", "host_scan", "low"), fuller);

        assertThat(evicting).containsExactly(
                expected("c4", EVICT, "198.51.100.2", full)
                        .setBlocked(false)
                        .setReason("Evicted to make room for 198.51.100.4: the ipv4 list was full (3 entries) and this "
                                + "was its lowest-severity, oldest entry.")
                        .setSeverity("medium")
                        .setOffences(1)
                        .build(),
                expected("c5", BLOCK, "198.51.100.4", full)
                        .setBlocked(true)
                        .setExpiresAt(full.plus(Duration.ofHours(4)))
                        .setReason("Blocked for 4h after a high brute_force alert (offence 1).")
                        .setAlertId("198.51.100.4|brute_force|2026-03-02T10:00:00Z")
                        .setDetector("brute_force")
                        .setSeverity("high")
                        .setOffences(1)
                        .build());
        assertThat(refused).containsExactly(expected("c6", REFUSE, "198.51.100.5", fuller)
                .setBlocked(false)
                .setReason("Not blocked: the ipv4 list is full (3 entries, flowsight.respond.block.max.entries) and "
                        + "even its lowest-severity entry is medium, above this low alert.")
                .setAlertId("198.51.100.5|host_scan|2026-03-02T10:00:00Z")
                .setDetector("host_scan")
                .setSeverity("low")
                .build());
        assertThat(otherFamily).extracting(BlocklistChange::getAction).containsExactly("block");
        assertThat(policy.current().entries(AddressFamily.IPV4)).extracting(entry -> entry.address().toString())
                .containsExactly("198.51.100.1", "198.51.100.3", "198.51.100.4");
        assertThat(policy.current().size(AddressFamily.IPV6)).isEqualTo(1);
    }

    @Test
    void aDryRunDecidesTheSameAndMarksEveryRecordUnenforced() {
        BlocklistPolicy dryRun = portScanAndBruteForcePolicy();
        BlocklistPolicy enforcing = policy(Map.of("flowsight.respond.block.detectors", "port_scan,brute_force",
                "flowsight.respond.enforce", "true"));
        SuspiciousIpAlert alert = Alerts.firing(SCANNER, "port_scan", "high");
        SuspiciousIpAlert internal = Alerts.firing("10.0.3.7", "port_scan", "high");

        List<BlocklistChange> recorded = List.of(dryRun.onAlert(alert, T0).get(0), dryRun.onAlert(internal, T0).get(0));
        List<BlocklistChange> applied = List.of(enforcing.onAlert(alert, T0).get(0),
                enforcing.onAlert(internal, T0).get(0));

        assertThat(recorded).extracting(BlocklistChange::getEnforced).containsExactly(false, false);
        assertThat(applied).extracting(BlocklistChange::getEnforced).containsExactly(true, true);
        assertThat(applied).map(change -> BlocklistChange.newBuilder(change).setEnforced(false).build())
                .isEqualTo(recorded);
        assertThat(dryRun.current().entries()).isEqualTo(enforcing.current().entries());
    }

    @Test
    void aGuardrailAddedSinceLiftsStandingBlocksAndALoweredCapEvicts() {
        BlocklistPolicy before = portScanAndBruteForcePolicy();
        before.onAlert(Alerts.firing("198.51.100.23", "port_scan", "high"), T0);
        before.onAlert(Alerts.firing("198.51.100.24", "brute_force", "critical"), T0);
        before.onAlert(Alerts.firing("198.51.100.25", "port_scan", "high"), T0);
        BlocklistPolicy after = new BlocklistPolicy(new BlocklistPolicyConfig(Map.of(
                "flowsight.respond.block.detectors", "port_scan,brute_force",
                "flowsight.respond.allow.cidrs", "198.51.100.23",
                "flowsight.respond.block.max.entries", "1")), before.current(), Decisions.sequentialIds("r"));
        Instant restart = T0.plus(Duration.ofHours(1));

        List<BlocklistChange> changes = after.applyGuardrails(restart);

        assertThat(changes).containsExactly(
                expected("r1", REFUSE, "198.51.100.23", restart)
                        .setBlocked(false)
                        .setReason("Lifted: 198.51.100.23 is an allow-listed address (flowsight.respond.allow.cidrs); "
                                + "it was blocked until 2026-03-02T14:05:00Z.")
                        .setSeverity("high")
                        .setOffences(1)
                        .build(),
                expected("r2", EVICT, "198.51.100.25", restart)
                        .setBlocked(false)
                        .setReason("Evicted: the ipv4 list holds more than its cap of 1 entries "
                                + "(flowsight.respond.block.max.entries) and this was its lowest-severity, oldest "
                                + "entry.")
                        .setSeverity("high")
                        .setOffences(1)
                        .build());
        assertThat(after.current().entries()).extracting(entry -> entry.address().toString())
                .containsExactly("198.51.100.24");
        assertThat(after.applyGuardrails(restart)).as("nothing left to do").isEmpty();
    }

    private static List<String> reasons(BlocklistPolicy policy, String... ips) {
        return List.of(ips).stream()
                .flatMap(ip -> policy.onAlert(Alerts.firing(ip, "port_scan", "high"), T0).stream())
                .map(BlocklistChange::getReason)
                .toList();
    }
}
