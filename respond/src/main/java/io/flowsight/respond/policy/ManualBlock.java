package io.flowsight.respond.policy;

import io.flowsight.schemas.Severity;
import java.time.Duration;
import java.util.Objects;

/**
 * A person's {@code flowsight blocklist add}: block an address or a CIDR block no broader than the configured prefix.
 *
 * @param address  an address or CIDR block as the person wrote it
 * @param ttl      how long; null for the configured time-to-live (a person's block never escalates)
 * @param severity null for critical: a person's block is then the last the cap evicts
 * @param comment  why, in the person's words; may be null
 * @param by       who decides, for the audit trail
 */
public record ManualBlock(String address, Duration ttl, Severity severity, String comment, String by) {

    public ManualBlock {
        Objects.requireNonNull(address, "address");
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("A person's block needs the name of who decides it, for the audit "
                    + "trail.");
        }
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("A block's time-to-live must be positive, e.g. 4h; it is " + ttl + ".");
        }
    }

    Severity severityOrCritical() {
        return severity == null ? Severity.CRITICAL : severity;
    }
}
