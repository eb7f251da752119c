package io.flowsight.respond.policy;

import io.flowsight.schemas.BlocklistChange;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The policy's working copy of the list: the latest change record of every address, and what follows from it. Each
 * record carries the whole state of its address after the decision (blocked until when, how many offences, a person's
 * removal still holding), so the latest record per address, which is what the compacted topic keeps, is enough to
 * rebuild it. Not thread-safe: one policy decides at a time.
 */
final class BlocklistState {
    /** Lowest severity first, then the one blocked or extended longest ago: the entry the cap evicts. */
    static final Comparator<BlockedAddress> EVICTION_ORDER = Comparator.comparing(BlockedAddress::severity)
            .thenComparing(BlockedAddress::since)
            .thenComparing(BlockedAddress::expiresAt)
            .thenComparing(BlockedAddress::address);

    private final Map<CidrBlock, BlocklistChange> latest = new HashMap<>();
    private final Map<CidrBlock, BlockedAddress> entries = new HashMap<>();
    private final Map<CidrBlock, PersonRemoval> removals = new HashMap<>();
    private final Map<AddressFamily, TreeSet<BlockedAddress>> evictionOrder = new EnumMap<>(AddressFamily.class);

    BlocklistState() {
        for (AddressFamily family : AddressFamily.values()) {
            evictionOrder.put(family, new TreeSet<>(EVICTION_ORDER));
        }
    }

    /**
     * Folds in a record read from elsewhere, unless it was decided before the address's latest record: the decision
     * made last wins, and records decided at the same instant count in the order they come, as on the topic.
     *
     * @return whether the record is now the latest of its address
     */
    boolean applyIfNotOlder(BlocklistChange change) {
        Optional<CidrBlock> address = CidrBlock.tryParse(change.getAddress());
        BlocklistChange current = address.map(latest::get).orElse(null);
        if (current != null && change.getDecidedAt().isBefore(current.getDecidedAt())) {
            return false;
        }
        return apply(change);
    }

    /**
     * Folds one record in as its address's latest, unless its address does not parse (a refused alert's garbage stays
     * in the audit trail only).
     *
     * @return whether the record is now the latest of its address
     */
    boolean apply(BlocklistChange change) {
        Optional<CidrBlock> parsed = CidrBlock.tryParse(change.getAddress());
        if (parsed.isEmpty()) {
            return false;
        }
        CidrBlock address = parsed.get();
        BlocklistChange copy = BlocklistChange.newBuilder(change).build();
        latest.put(address, copy);
        BlockedAddress previous = entries.remove(address);
        if (previous != null) {
            evictionOrder.get(previous.family()).remove(previous);
        }
        removals.remove(address);
        if (copy.getExpiresAt() != null && copy.getBlocked()) {
            BlockedAddress entry = BlockedAddress.from(address, copy);
            entries.put(address, entry);
            evictionOrder.get(entry.family()).add(entry);
        } else if (copy.getExpiresAt() != null) {
            removals.put(address, PersonRemoval.from(address, copy));
        }
        return true;
    }

    Optional<BlockedAddress> entry(CidrBlock address) {
        return Optional.ofNullable(entries.get(address));
    }

    /** A person's removal of exactly this address or block, whether or not it still holds. */
    Optional<PersonRemoval> removal(CidrBlock address) {
        return Optional.ofNullable(removals.get(address));
    }

    /** The removals holding at {@code now} that cover {@code address}: it, or a CIDR block containing it. */
    Optional<PersonRemoval> removalCovering(CidrBlock address, Instant now) {
        PersonRemoval exact = removals.get(address);
        if (exact != null && exact.holdsAt(now)) {
            return Optional.of(exact);
        }
        return removals.values().stream()
                .filter(removal -> removal.holdsAt(now) && removal.address().contains(address))
                .min(Comparator.comparing(PersonRemoval::address));
    }

    /** Blocked CIDR blocks other than {@code address} itself that contain it. */
    List<BlockedAddress> entriesContaining(CidrBlock address) {
        return entries.values().stream()
                .filter(entry -> !entry.address().equals(address) && entry.address().contains(address))
                .sorted(Comparator.comparing(BlockedAddress::address))
                .toList();
    }

    int offences(CidrBlock address) {
        BlocklistChange change = latest.get(address);
        return change == null ? 0 : change.getOffences();
    }

    int size(AddressFamily family) {
        return evictionOrder.get(family).size();
    }

    /** The entry the cap evicts first in this family; empty when the family has none. */
    Optional<BlockedAddress> evictionCandidate(AddressFamily family) {
        TreeSet<BlockedAddress> order = evictionOrder.get(family);
        return order.isEmpty() ? Optional.empty() : Optional.of(order.first());
    }

    /** Entries whose block ended at or before {@code now}, in address order. */
    List<BlockedAddress> lapsedAt(Instant now) {
        return entries.values().stream()
                .filter(entry -> !entry.isActiveAt(now))
                .sorted(Comparator.comparing(BlockedAddress::address))
                .toList();
    }

    /** Every entry, in address order. */
    List<BlockedAddress> entries() {
        return entries.values().stream().sorted(Comparator.comparing(BlockedAddress::address)).toList();
    }

    Blocklist snapshot() {
        return new Blocklist(latest.values());
    }
}
