package io.flowsight.respond.policy;

import io.flowsight.schemas.BlocklistChange;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/** What the specs share: a policy with readable change ids, and the start of an expected record. */
final class Decisions {
    static final Instant T0 = Instant.parse("2026-03-02T10:05:00Z");

    private Decisions() {
    }

    /** Ids c1, c2, ... in the order the policy draws them. */
    static Supplier<String> sequentialIds() {
        return sequentialIds("c");
    }

    static Supplier<String> sequentialIds(String prefix) {
        int[] next = {0};
        return () -> prefix + ++next[0];
    }

    static BlocklistPolicy policy(Map<String, String> settings) {
        return new BlocklistPolicy(new BlocklistPolicyConfig(settings), Blocklist.empty(), sequentialIds());
    }

    /** Blocking on for port scans and brute force at high and above, everything else at its default. */
    static BlocklistPolicy portScanAndBruteForcePolicy() {
        return policy(Map.of("flowsight.respond.block.detectors", "port_scan,brute_force"));
    }

    static BlocklistChange.Builder expected(String changeId, BlocklistAction action, String address, Instant at) {
        return BlocklistChange.newBuilder()
                .setChangeId(changeId)
                .setAddress(address)
                .setFamily(address.contains(":") ? "ipv6" : "ipv4")
                .setAction(action.wireName())
                .setDecidedBy(BlocklistPolicy.DECIDED_BY_POLICY)
                .setEnforced(false)
                .setDecidedAt(at);
    }
}
