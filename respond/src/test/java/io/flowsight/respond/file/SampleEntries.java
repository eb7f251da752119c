package io.flowsight.respond.file;

import io.flowsight.respond.policy.BlockedAddress;
import io.flowsight.respond.policy.CidrBlock;
import io.flowsight.schemas.Severity;

import java.time.Instant;
import java.util.List;

/** A current list as the policy leaves it: two alerts' blocks and two people's, IPv4 and IPv6, in address order. */
final class SampleEntries {
    static final Instant T0 = Instant.parse("2026-03-02T10:05:00Z");

    private SampleEntries() {
    }

    static List<BlockedAddress> current() {
        return List.of(
                entry("198.51.100.23", "2026-03-02T14:05:00Z", Severity.HIGH, "policy",
                        "Blocked for 4h after a high port_scan alert (offence 1)."),
                entry("203.0.113.0/24", "2026-03-03T10:05:00Z", Severity.CRITICAL, "alice",
                        "Blocked by alice for 1d."),
                entry("2001:db8::66", "2026-03-03T03:05:00Z", Severity.CRITICAL, "policy",
                        "Blocked again before its block ended, after a critical brute_force alert (offence 2): now "
                                + "until 2026-03-03T03:05:00Z, 16h from now."),
                entry("2001:db8:bad::/64", "2026-03-02T12:05:00Z", Severity.MEDIUM, "\"eve\" o'neil",
                        "Blocked by \"eve\" o'neil for 2h."));
    }

    static BlockedAddress entry(String address, String expiresAt, Severity severity, String by, String reason) {
        return new BlockedAddress(CidrBlock.parse(address), Instant.parse(expiresAt), severity, 1, T0, by, reason,
                null, null, null);
    }
}
