package io.flowsight.respond.policy;

import io.flowsight.schemas.Severity;
import io.flowsight.schemas.BlocklistChange;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the current blocklist: what the targets apply and {@code flowsight blocklist list} shows.
 *
 * @param address   the blocked address, or for a person's block a CIDR block
 * @param expiresAt when the block ends
 * @param severity  the severity of the alert that led to it (the highest, once extended), or the one a person gave
 * @param offences  how many times the address has been blocked, this block included
 * @param since     when it was last blocked or extended: the cap evicts the oldest first among equal severities
 * @param decidedBy {@value BlocklistPolicy#DECIDED_BY_POLICY} or the person who blocked it
 * @param reason    the sentence of the decision that put it there
 * @param alertId   the alert that led to it; null for a person's block
 * @param detector  that alert's detector; null for a person's block
 * @param comment   a person's comment; null for the policy's blocks
 */
public record BlockedAddress(CidrBlock address, Instant expiresAt, Severity severity, int offences, Instant since,
                             String decidedBy, String reason, String alertId, String detector, String comment) {

    public BlockedAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(since, "since");
    }

    public AddressFamily family() {
        return address.family();
    }

    /** Whether the block is still in force at {@code now}. */
    public boolean isActiveAt(Instant now) {
        return expiresAt.isAfter(now);
    }

    /**
     * The entry a blocking change record describes. A record without a severity (written by another producer) counts
     * as critical, so the cap evicts it last rather than first.
     */
    static BlockedAddress from(CidrBlock address, BlocklistChange change) {
        Severity severity = change.getSeverity() == null ? Severity.CRITICAL
                : Severity.fromWireName(change.getSeverity()).orElse(Severity.CRITICAL);
        return new BlockedAddress(address, change.getExpiresAt(), severity, change.getOffences(),
                change.getDecidedAt(), change.getDecidedBy(), change.getReason(), change.getAlertId(),
                change.getDetector(), change.getComment());
    }
}
