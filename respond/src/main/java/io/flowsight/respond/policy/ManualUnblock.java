package io.flowsight.respond.policy;

import java.util.Objects;

/**
 * A person's {@code flowsight blocklist remove}: take an address or CIDR block off the list, and keep the policy from
 * blocking it again until the removed block would have ended.
 *
 * @param address the entry as listed (the same address or CIDR block, in any spelling)
 * @param comment why, in the person's words; may be null
 * @param by      who decides, for the audit trail
 */
public record ManualUnblock(String address, String comment, String by) {

    public ManualUnblock {
        Objects.requireNonNull(address, "address");
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("A person's removal needs the name of who decides it, for the audit "
                    + "trail.");
        }
    }
}
