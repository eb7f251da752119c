package io.flowsight.respond.policy;

import java.util.List;
import java.util.Optional;

/**
 * The standing reasons never to block an address or block, whoever asks: special-purpose addresses, the targets' own
 * addresses, your internal ranges and the allow-list, and for a person's CIDR block its breadth. Each answer is the
 * clause a refusal's reason is made of, naming the setting that says no.
 */
final class Guardrails {
    private final BlocklistPolicyConfig config;

    Guardrails(BlocklistPolicyConfig config) {
        this.config = config;
    }

    /** Why {@code block} may never be blocked, if so: e.g. "10.0.3.7 is in 10.0.0.0/8, an internal range (...)". */
    Optional<String> refusal(CidrBlock block) {
        Optional<SpecialPurposeRange> special = SpecialPurposeRange.overlapping(block);
        if (special.isPresent()) {
            return Optional.of(block + (block.isSingleAddress() ? " is " : " includes ") + special.get().description());
        }
        return listed(block, config.protectedAddresses(), "a target's own", BlocklistPolicyConfig.PROTECTED_CONFIG)
                .or(() -> listed(block, config.internalCidrs(), "an internal",
                        BlocklistPolicyConfig.INTERNAL_CIDRS_CONFIG))
                .or(() -> listed(block, config.allowCidrs(), "an allow-listed",
                        BlocklistPolicyConfig.ALLOW_CIDRS_CONFIG));
    }

    /** As {@link #refusal}, and also when a person's block is broader than the configured prefix allows. */
    Optional<String> refusalOfPersonsBlock(CidrBlock block) {
        int broadest = config.broadestPrefix(block.family());
        if (block.prefixLength() < broadest) {
            return Optional.of(block + " is broader than /" + broadest + ", the broadest block a person may add ("
                    + BlocklistPolicyConfig.broadestPrefixKey(block.family()) + ")");
        }
        return refusal(block);
    }

    private static Optional<String> listed(CidrBlock block, List<CidrBlock> listed, String adjective, String key) {
        return listed.stream().filter(block::overlaps).findFirst().map(match -> {
            String what = adjective + (match.isSingleAddress() ? " address" : " range") + " (" + key + ")";
            if (match.equals(block)) {
                return block + " is " + what;
            }
            return block + (match.contains(block) ? " is in " : " overlaps ") + match + ", " + what;
        });
    }
}
