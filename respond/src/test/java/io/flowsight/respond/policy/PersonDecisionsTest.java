package io.flowsight.respond.policy;

import io.flowsight.schemas.Severity;
import io.flowsight.schemas.BlocklistChange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.flowsight.respond.policy.BlocklistAction.BLOCK;
import static io.flowsight.respond.policy.BlocklistAction.EXTEND;
import static io.flowsight.respond.policy.BlocklistAction.REFUSE;
import static io.flowsight.respond.policy.BlocklistAction.UNBLOCK;
import static io.flowsight.respond.policy.Decisions.T0;
import static io.flowsight.respond.policy.Decisions.expected;
import static io.flowsight.respond.policy.Decisions.policy;
import static io.flowsight.respond.policy.Decisions.portScanAndBruteForcePolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** What people decide with flowsight blocklist add and remove, and how their decisions bind the policy. */
class PersonDecisionsTest {
    static final String SCRAPER = "203.0.113.66";

    @Test
    void aPersonBlocksAnAddressForTheConfiguredTimeToLiveAsCritical() {
        BlocklistPolicy policy = portScanAndBruteForcePolicy();

        List<BlocklistChange> changes = policy.add(new ManualBlock(SCRAPER, null, null,
                "scraping the price list, see ticket SEC-112", "alice"), T0);

        assertThat(changes).containsExactly(expected("c1", BLOCK, SCRAPER, T0)
                .setBlocked(true)
                .setExpiresAt(Instant.parse("2026-03-02T14:05:00Z"))
                .setReason("Blocked by alice for 4h.")
                .setSeverity("critical")
                .setOffences(1)
                .setDecidedBy("alice")
                .setComment("scraping the price list, see ticket SEC-112")
                .build());
    }

    @Test
    void aPersonMayBlockACidrBlockUpToTheConfiguredBreadthForTheirOwnTimeToLive() {
        BlocklistPolicy policy = portScanAndBruteForcePolicy();

        List<BlocklistChange> v4 = policy.add(new ManualBlock("203.0.113.0/24", Duration.ofDays(1), Severity.MEDIUM,
                "botnet range", "alice"), T0);
        List<BlocklistChange> v6 = policy.add(new ManualBlock("2001:DB8:BAD::/64", Duration.ofHours(2), null, null,
                "alice"), T0);

        assertThat(v4).containsExactly(expected("c1", BLOCK, "203.0.113.0/24", T0)
                .setBlocked(true)
                .setExpiresAt(Instant.parse("2026-03-03T10:05:00Z"))
                .setReason("Blocked by alice for 1d.")
                .setSeverity("medium")
                .setOffences(1)
                .setDecidedBy("alice")
                .setComment("botnet range")
                .build());
        assertThat(v6).extracting(BlocklistChange::getAddress, BlocklistChange::getFamily,
                        BlocklistChange::getExpiresAt)
                .containsExactly(tuple("2001:db8:bad::/64", "ipv6", Instant.parse("2026-03-02T12:05:00Z")));
        assertThat(policy.current().entries()).extracting(entry -> entry.address().cidrNotation())
                .containsExactly("203.0.113.0/24", "2001:db8:bad::/64");
    }

    @Test
    void aPersonsBlockThatIsTooBroadOrHitsAGuardrailIsRefusedInTheirName() {
        BlocklistPolicy policy = policy(Map.of("flowsight.respond.protected.addresses", "192.0.2.80"));

        List<BlocklistChange> tooBroad = policy.add(new ManualBlock("203.0.0.0/16", null, null, "whole provider",
                "alice"), T0);

        assertThat(tooBroad).containsExactly(expected("c1", REFUSE, "203.0.0.0/16", T0)
                .setBlocked(false)
                .setReason("Not blocked: 203.0.0.0/16 is broader than /24, the broadest block a person may add "
                        + "(flowsight.respond.add.broadest.prefix.ipv4).")
                .setSeverity("critical")
                .setDecidedBy("alice")
                .setComment("whole provider")
                .build());
        assertThat(List.of("2001:db8::/48", "10.0.0.0/24", "192.0.2.0/24", "127.0.0.0/24").stream()
                .flatMap(address -> policy.add(new ManualBlock(address, null, null, null, "alice"), T0).stream())
                .map(BlocklistChange::getReason))
                .containsExactly(
                        "Not blocked: 2001:db8::/48 is broader than /64, the broadest block a person may add "
                                + "(flowsight.respond.add.broadest.prefix.ipv6).",
                        "Not blocked: 10.0.0.0/24 is in 10.0.0.0/8, an internal range "
                                + "(flowsight.respond.internal.cidrs).",
                        "Not blocked: 192.0.2.0/24 overlaps 192.0.2.80, a target's own address "
                                + "(flowsight.respond.protected.addresses).",
                        "Not blocked: 127.0.0.0/24 includes a loopback address.");
        assertThat(policy.current().entries()).isEmpty();
    }

    @Test
    void whatIsNotAnAddressIsAnErrorForThePersonNotADecision() {
        BlocklistPolicy policy = portScanAndBruteForcePolicy();

        assertThatThrownBy(() -> policy.add(new ManualBlock("203.0.113.300", null, null, null, "alice"), T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'203.0.113.300' is not an IP address or CIDR block; write e.g. 198.51.100.7, "
                        + "198.51.100.0/24 or 2001:db8::7.");
        assertThatThrownBy(() -> policy.remove(new ManualUnblock("203.0.113.66/24", null, "alice"), T0))
                .hasMessage("'203.0.113.66/24' has bits set past its /24 prefix; write 203.0.113.0/24.");
        assertThatThrownBy(() -> new ManualBlock(SCRAPER, Duration.ZERO, null, null, "alice"))
                .hasMessage("A block's time-to-live must be positive, e.g. 4h; it is PT0S.");
        assertThatThrownBy(() -> new ManualUnblock(SCRAPER, null, " "))
                .hasMessage("A person's removal needs the name of who decides it, for the audit trail.");
        assertThat(policy.current().latestChanges()).isEmpty();
    }

    @Test
    void aPersonsRemovalWinsOverThePolicyUntilTheRemovedBlockWouldHaveEnded() {
        BlocklistPolicy policy = portScanAndBruteForcePolicy();
        String partner = "198.51.100.23";
        policy.onAlert(Alerts.firing(partner, "port_scan", "high"), T0);
        Instant removedAt = T0.plusSeconds(600);
        Instant blockEnd = Instant.parse("2026-03-02T14:05:00Z");
        Instant alertAgain = T0.plus(Duration.ofHours(1));

        List<BlocklistChange> removal = policy.remove(new ManualUnblock(partner, "partner's uptime checker", "bob"),
                removedAt);
        List<BlocklistChange> heldOff = policy.onAlert(Alerts.again(Alerts.firing(partner, "port_scan", "high"),
                alertAgain), alertAgain);
        List<BlocklistChange> afterwards = policy.onAlert(Alerts.again(Alerts.firing(partner, "port_scan", "high"),
                blockEnd), blockEnd);

        assertThat(removal).containsExactly(expected("c2", UNBLOCK, partner, removedAt)
                .setBlocked(false)
                .setExpiresAt(blockEnd)
                .setReason("Removed by bob; the policy may not block it again before 2026-03-02T14:05:00Z.")
                .setOffences(1)
                .setDecidedBy("bob")
                .setComment("partner's uptime checker")
                .build());
        assertThat(heldOff).containsExactly(expected("c3", REFUSE, partner, alertAgain)
                .setBlocked(false)
                .setExpiresAt(blockEnd)
                .setReason("Not blocked: bob removed it from the blocklist, which holds the policy off until "
                        + "2026-03-02T14:05:00Z.")
                .setAlertId(partner + "|port_scan|2026-03-02T11:05:00Z")
                .setDetector("port_scan")
                .setSeverity("high")
                .setOffences(1)
                .setDecidedBy("bob")
                .setComment("partner's uptime checker")
                .build());
        assertThat(afterwards).extracting(BlocklistChange::getAction, BlocklistChange::getOffences,
                        BlocklistChange::getExpiresAt)
                .containsExactly(tuple("block", 2, Instant.parse("2026-03-03T06:05:00Z")));
    }

    @Test
    void removingAnAddressThatIsNotBlockedHoldsThePolicyOffForTheTimeToLive() {
        BlocklistPolicy policy = portScanAndBruteForcePolicy();

        List<BlocklistChange> removal = policy.remove(new ManualUnblock("198.51.100.40", "pen test from 12:00",
                "carol"), T0);
        List<BlocklistChange> alert = policy.onAlert(Alerts.firing("198.51.100.40", "port_scan", "critical"),
                T0.plusSeconds(60));

        assertThat(removal).extracting(BlocklistChange::getAction, BlocklistChange::getExpiresAt,
                        BlocklistChange::getReason)
                .containsExactly(tuple("unblock", Instant.parse("2026-03-02T14:05:00Z"), "carol removed it while it "
                        + "was not blocked; the policy may not block it again before 2026-03-02T14:05:00Z."));
        assertThat(alert).extracting(BlocklistChange::getAction).containsExactly("refuse");
        assertThat(policy.current().removalsHoldingAt(T0)).containsExactly(new PersonRemoval(
                CidrBlock.parse("198.51.100.40"), Instant.parse("2026-03-02T14:05:00Z"), "carol",
                "pen test from 12:00"));
    }

    @Test
    void theRemovalOfACidrBlockHoldsOffAlertsOnEveryAddressInIt() {
        BlocklistPolicy policy = portScanAndBruteForcePolicy();
        policy.remove(new ManualUnblock("198.51.100.0/24", "our office's new provider", "bob"), T0);

        assertThat(policy.onAlert(Alerts.firing("198.51.100.23", "port_scan", "high"), T0.plusSeconds(60)))
                .extracting(BlocklistChange::getReason)
                .containsExactly("Not blocked: bob removed 198.51.100.0/24 from the blocklist, which holds the policy "
                        + "off until 2026-03-02T14:05:00Z.");
        assertThat(policy.onAlert(Alerts.firing("198.51.101.23", "port_scan", "high"), T0.plusSeconds(60)))
                .extracting(BlocklistChange::getAction).containsExactly("block");
    }

    @Test
    void removingAnAddressInsideABlockedRangeSaysTheRangeStillBlocksIt() {
        BlocklistPolicy policy = portScanAndBruteForcePolicy();
        policy.add(new ManualBlock("203.0.113.0/24", Duration.ofDays(1), null, null, "alice"), T0);

        assertThat(policy.remove(new ManualUnblock(SCRAPER, null, "bob"), T0.plusSeconds(60)))
                .extracting(BlocklistChange::getReason)
                .containsExactly("bob removed it while it was not blocked; the policy may not block it again before "
                        + "2026-03-02T14:06:00Z; it stays blocked by 203.0.113.0/24 until 2026-03-03T10:05:00Z.");
    }

    @Test
    void aPersonsBlockEndsTheirRemovalAndExtendsWithoutShorteningAStandingBlock() {
        BlocklistPolicy policy = portScanAndBruteForcePolicy();
        policy.remove(new ManualUnblock(SCRAPER, null, "bob"), T0);
        Instant added = T0.plusSeconds(60);
        Instant addedAgain = T0.plusSeconds(120);

        List<BlocklistChange> block = policy.add(new ManualBlock(SCRAPER, Duration.ofDays(2), Severity.HIGH, null,
                "alice"), added);
        List<BlocklistChange> again = policy.add(new ManualBlock(SCRAPER, Duration.ofHours(1), Severity.CRITICAL,
                "also brute-forcing", "dave"), addedAgain);

        assertThat(block).extracting(BlocklistChange::getAction).containsExactly("block");
        assertThat(again).containsExactly(expected("c3", EXTEND, SCRAPER, addedAgain)
                .setBlocked(true)
                .setExpiresAt(Instant.parse("2026-03-04T10:06:00Z"))
                .setReason("Blocked again by dave before its block ended: now until 2026-03-04T10:06:00Z, "
                        + "1d23h59m from now.")
                .setSeverity("critical")
                .setOffences(2)
                .setDecidedBy("dave")
                .setComment("also brute-forcing")
                .build());
        assertThat(policy.current().removalsHoldingAt(addedAgain)).isEmpty();
    }
}
