package io.flowsight.respond.policy;

import io.flowsight.schemas.BlocklistChange;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The blocklist at one moment, as a value: what is blocked (by address, each family apart), the removals by people
 * that hold the policy off, and how often each address offended. It is the latest {@link BlocklistChange} of every
 * address, which is exactly what the compacted blocklist topic keeps, so {@link #fromChanges} rebuilds it after a
 * restart and {@link #latestChanges()} gives back the records that rebuild it.
 */
public final class Blocklist {
    private static final Blocklist EMPTY = new Blocklist(List.of());

    private final Map<CidrBlock, BlocklistChange> latest = new TreeMap<>();
    private final List<BlockedAddress> entries;
    private final List<PersonRemoval> removals;

    /** Takes the latest records of distinct addresses, as {@link BlocklistState} keeps them. */
    Blocklist(Collection<BlocklistChange> latestPerAddress) {
        BlocklistState state = new BlocklistState();
        for (BlocklistChange change : latestPerAddress) {
            if (state.apply(change)) {
                latest.put(CidrBlock.parse(change.getAddress()), BlocklistChange.newBuilder(change).build());
            }
        }
        entries = state.entries();
        removals = latest.keySet().stream().flatMap(address -> state.removal(address).stream()).toList();
    }

    public static Blocklist empty() {
        return EMPTY;
    }

    /**
     * The list the changes leave: per address the one decided last (the later in {@code changes}' order among those
     * decided at the same instant). Records whose address does not parse (refused alerts on garbage) are skipped.
     */
    public static Blocklist fromChanges(Collection<BlocklistChange> changes) {
        BlocklistState state = new BlocklistState();
        changes.forEach(state::applyIfNotOlder);
        return state.snapshot();
    }

    /** Every blocked address and block as recorded, IPv4 first, in address order; see {@link #activeAt}. */
    public List<BlockedAddress> entries() {
        return entries;
    }

    public List<BlockedAddress> entries(AddressFamily family) {
        return entries.stream().filter(entry -> entry.family() == family).toList();
    }

    /**
     * The entries still in force at {@code now}: without those whose block ended but whose expiry no running policy
     * has recorded yet (when {@code flowsight blocklist list} reads the topic while {@code flowsight respond} is down).
     */
    public List<BlockedAddress> activeAt(Instant now) {
        return entries.stream().filter(entry -> entry.isActiveAt(now)).toList();
    }

    /** The entry of this address or CIDR block, in any spelling; empty when it is not blocked or does not parse. */
    public Optional<BlockedAddress> entry(String address) {
        return CidrBlock.tryParse(address)
                .flatMap(block -> entries.stream().filter(entry -> entry.address().equals(block)).findFirst());
    }

    public int size(AddressFamily family) {
        return (int) entries.stream().filter(entry -> entry.family() == family).count();
    }

    /** People's removals that still hold the policy off at {@code now}, in address order. */
    public List<PersonRemoval> removalsHoldingAt(Instant now) {
        return removals.stream().filter(removal -> removal.holdsAt(now)).toList();
    }

    /** How many times the address has been blocked; 0 when never (or when it does not parse). */
    public int offences(String address) {
        return CidrBlock.tryParse(address).map(latest::get).map(BlocklistChange::getOffences).orElse(0);
    }

    /** The latest record of every address, in address order: publishing them rebuilds this list elsewhere. */
    public List<BlocklistChange> latestChanges() {
        return latest.values().stream().map(change -> BlocklistChange.newBuilder(change).build()).toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Blocklist list && latest.equals(list.latest);
    }

    @Override
    public int hashCode() {
        return latest.hashCode();
    }

    @Override
    public String toString() {
        return "Blocklist" + entries.stream().map(entry -> entry.address() + " until " + entry.expiresAt()).toList();
    }
}
