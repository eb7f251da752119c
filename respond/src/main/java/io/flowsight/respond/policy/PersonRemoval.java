package io.flowsight.respond.policy;

import io.flowsight.schemas.BlocklistChange;

import java.time.Instant;
import java.util.Objects;

/**
 * A person took an address off the list: until {@link #until()} the policy may not block it (or, for a CIDR block,
 * any address in it) again, whatever the alerts say. Only a person's own block lifts it earlier.
 *
 * <p>On the topic, a record that is not blocked and has an expiry is such a removal: the person's unblock, or a later
 * refusal while it holds, which carries it on with the person's name and comment (its reason says what was refused).
 *
 * @param address   the address or CIDR block removed
 * @param until     when the policy may block it again: when the removed block would have ended
 * @param removedBy who removed it
 * @param comment   the person's comment; may be null
 */
public record PersonRemoval(CidrBlock address, Instant until, String removedBy, String comment) {

    public PersonRemoval {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(removedBy, "removedBy");
    }

    public boolean holdsAt(Instant now) {
        return until.isAfter(now);
    }

    /** The removal a not-blocking record with an expiry describes (an unblock, or a refusal that carried it). */
    static PersonRemoval from(CidrBlock address, BlocklistChange change) {
        return new PersonRemoval(address, change.getExpiresAt(), change.getDecidedBy(), change.getComment());
    }
}
