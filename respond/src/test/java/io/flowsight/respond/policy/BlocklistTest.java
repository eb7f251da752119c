package io.flowsight.respond.policy;

import io.flowsight.schemas.Severity;
import io.flowsight.schemas.BlocklistChange;
import io.flowsight.schemas.TrustedAvroClasses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.flowsight.respond.policy.BlocklistAction.BLOCK;
import static io.flowsight.respond.policy.BlocklistAction.EXTEND;
import static io.flowsight.respond.policy.Decisions.T0;
import static io.flowsight.respond.policy.Decisions.expected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The list as a value: rebuilt from the latest change of each address, as the compacted topic keeps them. */
class BlocklistTest {
    static final Map<String, String> SETTINGS = Map.of("flowsight.respond.block.detectors", "port_scan,brute_force",
            "flowsight.respond.block.max.entries", "2");
    static final String A = "198.51.100.23";
    static final String B = "198.51.100.24";

    BlocklistPolicy policy;
    List<BlocklistChange> history;

    /** Every kind of decision once: block, refuse, extend, evict, a person's block and removal, expire. */
    @BeforeEach
    void decideEveryKindOfChange() {
        policy = Decisions.policy(SETTINGS);
        history = new ArrayList<>();
        history.addAll(policy.onAlert(Alerts.firing(A, "port_scan", "high"), T0));
        history.addAll(policy.onAlert(Alerts.firing(B, "brute_force", "critical"), minutes(1)));
        history.addAll(policy.onAlert(Alerts.firing("10.0.3.7", "port_scan", "high"), minutes(2)));
        history.addAll(policy.onAlert(Alerts.firing(A, "brute_force", "critical"), minutes(3)));
        history.addAll(policy.add(new ManualBlock("203.0.113.0/24", null, null, "botnet", "alice"), minutes(4)));
        history.addAll(policy.remove(new ManualUnblock(A, "a partner's checker", "bob"), minutes(5)));
        history.addAll(policy.onAlert(Alerts.again(Alerts.firing(A, "port_scan", "high"), minutes(6)), minutes(6)));
        history.addAll(policy.onAlert(Alerts.firing("2001:db8::66", "port_scan", "high"), minutes(7)));
        history.addAll(policy.onAlert(Alerts.firing("not-an-ip", "port_scan", "high"), minutes(8)));
        history.addAll(policy.expire(T0.plus(Duration.ofHours(5))));
    }

    @Test
    void theScenarioCoversEveryAction() {
        assertThat(history).extracting(BlocklistChange::getAction, BlocklistChange::getAddress).containsExactly(
                tuple("block", A), tuple("block", B), tuple("refuse", "10.0.3.7"), tuple("extend", A),
                tuple("evict", B), tuple("block", "203.0.113.0/24"), tuple("unblock", A), tuple("refuse", A),
                tuple("block", "2001:db8::66"), tuple("refuse", "not-an-ip"), tuple("expire", "203.0.113.0/24"),
                tuple("expire", "2001:db8::66"));
    }

    @Test
    void theWholeHistoryRebuildsTheList() {
        assertThat(Blocklist.fromChanges(history)).isEqualTo(policy.current());
    }

    @Test
    void theLatestChangeOfEachAddressRebuildsTheListThroughAvro() {
        List<BlocklistChange> compacted = serialized(compacted(history));

        Blocklist rebuilt = Blocklist.fromChanges(compacted);

        assertThat(rebuilt).isEqualTo(policy.current());
        assertThat(rebuilt.latestChanges()).extracting(BlocklistChange::getAddress)
                .containsExactly("10.0.3.7", A, B, "203.0.113.0/24", "2001:db8::66");
        assertThat(rebuilt.entries()).isEmpty();
        assertThat(rebuilt.removalsHoldingAt(T0.plus(Duration.ofHours(5)))).containsExactly(new PersonRemoval(
                CidrBlock.parse(A), Instant.parse("2026-03-03T02:08:00Z"), "bob", "a partner's checker"));
        assertThat(List.of(A, B, "203.0.113.0/24", "2001:db8::66", "10.0.3.7", "not-an-ip"))
                .map(rebuilt::offences).containsExactly(2, 1, 1, 1, 0, 0);
    }

    @Test
    void aPolicyRebuiltFromTheTopicDecidesAsTheOneThatWroteIt() {
        BlocklistPolicy rebuilt = new BlocklistPolicy(new BlocklistPolicyConfig(SETTINGS),
                Blocklist.fromChanges(serialized(compacted(history))), Decisions.sequentialIds("n"));
        Instant later = T0.plus(Duration.ofHours(6));

        List<BlocklistChange> original = alertsAgain(policy, later);
        List<BlocklistChange> fromTopic = alertsAgain(rebuilt, later);

        assertThat(fromTopic).map(BlocklistTest::withoutId).isEqualTo(original.stream().map(BlocklistTest::withoutId)
                .toList());
        assertThat(fromTopic).extracting(BlocklistChange::getAction, BlocklistChange::getOffences,
                        BlocklistChange::getDecidedBy)
                .containsExactly(tuple("refuse", 2, "bob"), tuple("block", 2, "policy"));
    }

    @Test
    void theChangeDecidedLastWinsWhateverTheOrderTheyArriveIn() {
        BlocklistChange blocked = expected("c1", BLOCK, A, T0).setBlocked(true)
                .setExpiresAt(T0.plus(Duration.ofHours(4))).setReason("Blocked for 4h after a high port_scan alert "
                        + "(offence 1).").setSeverity("high").setOffences(1).build();
        BlocklistChange extended = expected("c2", EXTEND, A, minutes(30)).setBlocked(true)
                .setExpiresAt(minutes(30).plus(Duration.ofHours(16))).setReason("Blocked again.").setSeverity("high")
                .setOffences(2).build();

        Blocklist list = Blocklist.fromChanges(List.of(extended, blocked));

        assertThat(list.entries()).extracting(entry -> entry.expiresAt(), BlockedAddress::offences)
                .containsExactly(tuple(Instant.parse("2026-03-03T02:35:00Z"), 2));
    }

    @Test
    void entriesAreFoundInAnySpellingAndFilteredByFamilyAndTime() {
        BlocklistChange v6 = expected("c1", BLOCK, "2001:db8::66", T0).setBlocked(true)
                .setExpiresAt(T0.plus(Duration.ofHours(4))).setReason("Blocked.").setSeverity("high").setOffences(1)
                .build();
        BlocklistChange v4 = expected("c2", BLOCK, A, T0).setBlocked(true)
                .setExpiresAt(T0.plus(Duration.ofHours(1))).setReason("Blocked.").setSeverity(null).setOffences(1)
                .build();

        Blocklist list = Blocklist.fromChanges(List.of(v6, v4));

        assertThat(list.entry("2001:DB8:0::0066")).map(entry -> entry.address().toString()).hasValue("2001:db8::66");
        assertThat(list.entry("198.51.100.99")).isEmpty();
        assertThat(list.entry("garbage")).isEmpty();
        assertThat(list.entries()).extracting(entry -> entry.address().toString()).containsExactly(A, "2001:db8::66");
        assertThat(list.entries(AddressFamily.IPV6)).hasSize(1);
        assertThat(list.size(AddressFamily.IPV4)).isEqualTo(1);
        assertThat(list.entry(A)).map(BlockedAddress::severity).as("no severity counts as critical")
                .hasValue(Severity.CRITICAL);
        assertThat(list.activeAt(T0.plus(Duration.ofHours(2)))).extracting(entry -> entry.address().toString())
                .containsExactly("2001:db8::66");
        assertThat(Blocklist.empty().entries()).isEmpty();
    }

    @Test
    void aDecisionMadeElsewhereIsFoldedIntoARunningPolicy() {
        BlocklistPolicy cli = new BlocklistPolicy(new BlocklistPolicyConfig(SETTINGS), policy.current(),
                Decisions.sequentialIds("cli"));
        List<BlocklistChange> personsBlock = cli.add(new ManualBlock("192.0.2.99", null, null, null, "erin"),
                T0.plus(Duration.ofHours(6)));

        Blocklist before = policy.current();

        assertThat(history).as("its own records, fed back in topic order").allSatisfy(own ->
                assertThat(policy.observe(own)).isFalse());
        assertThat(policy.current()).isEqualTo(before);
        assertThat(policy.observe(personsBlock.get(0))).isTrue();
        assertThat(policy.current()).isEqualTo(cli.current());
        BlocklistChange stale = BlocklistChange.newBuilder(history.get(0)).setChangeId("from-elsewhere").build();
        assertThat(policy.observe(stale)).as("decided before the address's latest").isFalse();
        assertThat(policy.current()).isEqualTo(cli.current());
    }

    /** A, still held off by bob's removal, and B, evicted before: both alert again. */
    private static List<BlocklistChange> alertsAgain(BlocklistPolicy policy, Instant at) {
        List<BlocklistChange> changes = new ArrayList<>();
        changes.addAll(policy.onAlert(Alerts.again(Alerts.firing(A, "port_scan", "high"), at), at));
        changes.addAll(policy.onAlert(Alerts.again(Alerts.firing(B, "brute_force", "critical"), at), at));
        return changes;
    }

    private static Instant minutes(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    /** What compaction leaves: the last record of each key, in the order of those last records. */
    private static List<BlocklistChange> compacted(List<BlocklistChange> changes) {
        Map<String, BlocklistChange> latest = new LinkedHashMap<>();
        for (BlocklistChange change : changes) {
            latest.remove(change.getAddress());
            latest.put(change.getAddress(), change);
        }
        return List.copyOf(latest.values());
    }

    private static List<BlocklistChange> serialized(List<BlocklistChange> changes) {
        TrustedAvroClasses.install();
        return changes.stream().map(change -> {
            try {
                return BlocklistChange.getDecoder().decode(BlocklistChange.getEncoder().encode(change));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static BlocklistChange withoutId(BlocklistChange change) {
        return BlocklistChange.newBuilder(change).setChangeId("-").build();
    }
}
