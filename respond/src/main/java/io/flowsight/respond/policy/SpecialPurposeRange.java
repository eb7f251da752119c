package io.flowsight.respond.policy;

import java.util.List;
import java.util.Optional;

/**
 * Addresses that are never blocked because blocking them means nothing or breaks the host itself: they are not
 * anyone's address on the internet, so an alert on one is a parsing or spoofing artefact (IANA's special-purpose
 * registries, RFC 6890).
 */
public enum SpecialPurposeRange {
    UNSPECIFIED("an unspecified (\"this network\") address", "0.0.0.0/8", "::/128"),
    LOOPBACK("a loopback address", "127.0.0.0/8", "::1/128"),
    LINK_LOCAL("a link-local address", "169.254.0.0/16", "fe80::/10"),
    MULTICAST("a multicast address", "224.0.0.0/4", "ff00::/8"),
    BROADCAST("the limited broadcast address", "255.255.255.255/32");

    private final String description;
    private final List<CidrBlock> blocks;

    SpecialPurposeRange(String description, String... blocks) {
        this.description = description;
        this.blocks = List.of(blocks).stream().map(CidrBlock::parse).toList();
    }

    /** "a loopback address", for reasons. */
    public String description() {
        return description;
    }

    /** The special-purpose range {@code block} overlaps, if any. */
    public static Optional<SpecialPurposeRange> overlapping(CidrBlock block) {
        for (SpecialPurposeRange range : values()) {
            if (range.blocks.stream().anyMatch(block::overlaps)) {
                return Optional.of(range);
            }
        }
        return Optional.empty();
    }
}
