package io.flowsight.app.cli;

import io.flowsight.respond.policy.BlocklistPolicyConfig;
import io.flowsight.respond.service.BlocklistTargets;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shorthands of the blocklist for the common case, over the {@code flowsight.respond.*} settings of
 * {@code --config}: {@code --blocklist FILE} (the plain-list file target), {@code --block-min-severity} (every
 * detector's alerts from that severity block) and {@code --enforce} (without it, decisions are recorded and shown and
 * no target is changed).
 */
final class BlockingOptions {
    @Option(names = "--blocklist", paramLabel = "FILE",
            description = "Keep the blocked addresses in this file, one per line (rewritten atomically).")
    Path file;

    @Option(names = "--block-min-severity", paramLabel = "SEVERITY",
            description = "Block the source of every detector's alert from this severity: low, medium, high or "
                    + "critical (default: nothing blocks unless flowsight.respond.block.detectors says so).")
    String minSeverity;

    @Option(names = "--enforce", description = "Apply the blocklist to its targets (files included); without it "
            + "FlowSight records and shows its decisions and changes nothing.")
    boolean enforce;

    /** Whether a shorthand asks for the blocklist ({@code flowsight run} starts it only then). */
    boolean requested() {
        return file != null || minSeverity != null || enforce;
    }

    /** The settings with the shorthands applied over them. */
    Map<String, Object> applyTo(Map<String, Object> settings) {
        Map<String, Object> merged = new HashMap<>(settings);
        if (file != null) {
            merged.put(BlocklistTargets.FILE_CONFIG, file.toString());
        }
        if (minSeverity != null) {
            if (!List.of("low", "medium", "high", "critical").contains(minSeverity)) {
                throw new IllegalArgumentException("--block-min-severity is '" + minSeverity + "'; use low, medium, "
                        + "high or critical.");
            }
            merged.putIfAbsent(BlocklistPolicyConfig.DETECTORS_CONFIG, "*");
            merged.put(BlocklistPolicyConfig.MIN_SEVERITY_CONFIG, minSeverity);
        }
        if (enforce) {
            merged.put(BlocklistPolicyConfig.ENFORCE_CONFIG, "true");
        }
        return merged;
    }
}
