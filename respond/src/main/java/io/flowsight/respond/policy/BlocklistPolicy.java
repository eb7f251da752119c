package io.flowsight.respond.policy;

import io.flowsight.schemas.Severity;
import io.flowsight.schemas.BlocklistChange;
import io.flowsight.schemas.SuspiciousIpAlert;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Decides what is blocked: for each alert, person's request or passing of time, the {@link BlocklistChange} records
 * of its decisions, which it has already applied to its own list ({@link #current()}). Publishing them on the
 * compacted blocklist topic is the audit trail and lets any process rebuild the list ({@link Blocklist#fromChanges}).
 *
 * <p>Guardrails always win, in this order: only firing alerts of blocking detectors, severities and log types count
 * (others are not decisions, so they leave no record); then an alert's address must be a single address that no
 * person's removal holds off and that is not special-purpose, not a target's own, not internal and not allow-listed
 * (each refusal is a record naming its guardrail). A block lasts the configured time-to-live, multiplied by the
 * escalation factor for each earlier offence of the address, up to the cap; a family that is full evicts its
 * lowest-severity, oldest entry first, unless every entry is more severe than the new block, which is then refused.
 *
 * <p>Every record says whether it was enforced: in a dry-run ({@link BlocklistPolicyConfig#enforce()} false) the
 * decisions are the same and no target may be changed. {@code now} is a parameter of every decision (wall-clock in
 * production, a test clock in tests) and is kept to the millisecond, as the topic's timestamps are. Not thread-safe.
 */
public final class BlocklistPolicy {
    /** The {@code decided_by} of the policy's own decisions. */
    public static final String DECIDED_BY_POLICY = "policy";
    /** The {@code family} of a refused alert whose address does not parse. */
    public static final String UNKNOWN_FAMILY = "unknown";
    /** How many of its own change ids the policy remembers, to recognize its records when they come back. */
    public static final int REMEMBERED_OWN_CHANGES = 65_536;
    private static final String FIRING = "firing";

    private final BlocklistPolicyConfig config;
    private final Guardrails guardrails;
    private final BlocklistState state = new BlocklistState();
    private final Supplier<String> changeIds;
    private final Set<String> ownChangeIds = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_OWN_CHANGES;
        }
    });

    /** A policy continuing from {@code current} (e.g. {@link Blocklist#fromChanges} of the topic), random ids. */
    public BlocklistPolicy(BlocklistPolicyConfig config, Blocklist current) {
        this(config, current, () -> UUID.randomUUID().toString());
    }

    /** As above, with the change ids drawn from {@code changeIds}, which must never repeat one. */
    public BlocklistPolicy(BlocklistPolicyConfig config, Blocklist current, Supplier<String> changeIds) {
        this.config = config;
        this.guardrails = new Guardrails(config);
        this.changeIds = changeIds;
        current.latestChanges().forEach(state::apply);
    }

    public BlocklistPolicyConfig config() {
        return config;
    }

    /** The list after every decision so far. */
    public Blocklist current() {
        return state.snapshot();
    }

    /**
     * An alert from the alerts topic. A resolved alert, or one whose detector, severity or log type does not block,
     * changes nothing and returns no record. Otherwise the records are the expiries of blocks that ended by
     * {@code now}, then one decision on the alert's address: block (after an eviction when its family is full),
     * extend or refuse. The same alert again (re-delivered, or firing again with more evidence) while its block
     * stands is not a new offence and returns no record for it.
     */
    public List<BlocklistChange> onAlert(SuspiciousIpAlert alert, Instant now) {
        Optional<Severity> severity = Severity.fromWireName(alert.getSeverity());
        if (!FIRING.equals(alert.getStatus()) || !config.blocksDetector(alert.getDetector())
                || !config.coversLogType(alert.getLogType()) || severity.isEmpty()
                || !severity.get().isAtLeast(config.minimumSeverity())) {
            return List.of();
        }
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        List<BlocklistChange> changes = expireLapsed(at);
        Optional<CidrBlock> parsed = CidrBlock.tryParse(alert.getIp());
        if (parsed.isEmpty()) {
            changes.add(decide(BlocklistChange.newBuilder(base(BlocklistAction.REFUSE, String.valueOf(alert.getIp()),
                            UNKNOWN_FAMILY, at))
                    .setBlocked(false)
                    .setReason("Not blocked: '" + alert.getIp() + "' is not an IP address.")
                    .setAlertId(alert.getAlertId()).setDetector(alert.getDetector()).setSeverity(alert.getSeverity())));
            return changes;
        }
        CidrBlock address = parsed.get();
        Decision decision = new Decision(address, severity.get(), alert.getAlertId(), alert.getDetector(),
                DECIDED_BY_POLICY, null, at);
        // A person's removal is asked first: the refusal then carries it on as the address's state, in their name.
        Optional<String> refusal = address.isSingleAddress()
                ? state.removalCovering(address, at).map(removal -> removalClause(address, removal))
                .or(() -> guardrails.refusal(address))
                : Optional.of("an alert blocks one address, never a range like " + address);
        if (refusal.isEmpty() && Boolean.TRUE.equals(alert.getInternal())) {
            refusal = Optional.of("the alert marks " + address + " as internal (inside "
                    + "flowsight.topology.internal.cidrs)");
        }
        if (refusal.isPresent()) {
            changes.add(refuse(decision, refusal.get()));
            return changes;
        }
        Optional<BlockedAddress> entry = state.entry(address);
        if (entry.isPresent() && alert.getAlertId().equals(entry.get().alertId())) {
            return changes;
        }
        String cause = "a " + severity.get().wireName() + " " + alert.getDetector() + " alert";
        if (entry.isPresent()) {
            int offence = entry.get().offences() + 1;
            changes.add(extend(decision, entry.get(), at.plus(config.ttlForOffence(offence)),
                    "Blocked again before its block ended, after " + cause + " (offence " + offence + ")"));
        } else {
            int offence = state.offences(address) + 1;
            Duration ttl = config.ttlForOffence(offence);
            block(decision, at.plus(ttl), "Blocked for " + DurationText.of(ttl) + " after " + cause + " (offence "
                    + offence + ").", "this " + severity.get().wireName() + " alert", changes);
        }
        return changes;
    }

    /**
     * A person's {@code flowsight blocklist add}. The guardrails apply (the breadth of a CIDR block among them) and a
     * refusal is recorded with the person as its author; otherwise the address is blocked for the request's
     * time-to-live (the configured one when it gives none, never escalated), or its block is extended, and any
     * removal of it by a person ends.
     *
     * @throws IllegalArgumentException with one sentence when the address is not an address or CIDR block
     */
    public List<BlocklistChange> add(ManualBlock request, Instant now) {
        CidrBlock address = CidrBlock.parse(request.address());
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        List<BlocklistChange> changes = expireLapsed(at);
        Severity severity = request.severityOrCritical();
        Decision decision = new Decision(address, severity, null, null, request.by(), request.comment(), at);
        Optional<String> refusal = guardrails.refusalOfPersonsBlock(address);
        if (refusal.isPresent()) {
            changes.add(refuse(decision, refusal.get()));
            return changes;
        }
        Duration ttl = request.ttl() == null ? config.ttl() : request.ttl();
        Optional<BlockedAddress> entry = state.entry(address);
        if (entry.isPresent()) {
            changes.add(extend(decision, entry.get(), at.plus(ttl),
                    "Blocked again by " + request.by() + " before its block ended"));
        } else {
            block(decision, at.plus(ttl), "Blocked by " + request.by() + " for " + DurationText.of(ttl) + ".",
                    "this " + severity.wireName() + " block by " + request.by(), changes);
        }
        return changes;
    }

    /**
     * A person's {@code flowsight blocklist remove}: the address leaves the list, and the policy may not block it (or
     * for a CIDR block, any address in it) until the removed block would have ended. An address that was not blocked
     * is held off for the configured time-to-live, so a person can pre-empt the policy. A longer removal already
     * holding is kept.
     *
     * @throws IllegalArgumentException with one sentence when the address is not an address or CIDR block
     */
    public List<BlocklistChange> remove(ManualUnblock request, Instant now) {
        CidrBlock address = CidrBlock.parse(request.address());
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        List<BlocklistChange> changes = expireLapsed(at);
        Optional<BlockedAddress> entry = state.entry(address);
        Instant until = entry.map(BlockedAddress::expiresAt).orElse(at.plus(config.ttl()));
        Optional<PersonRemoval> holding = state.removal(address).filter(removal -> removal.holdsAt(at));
        if (holding.isPresent() && holding.get().until().isAfter(until)) {
            until = holding.get().until();
        }
        String reason = (entry.isPresent() ? "Removed by " + request.by()
                : request.by() + " removed it while it was not blocked")
                + "; the policy may not block it again before " + until;
        List<BlockedAddress> covering = state.entriesContaining(address);
        if (!covering.isEmpty()) {
            reason += "; it stays blocked by " + covering.stream()
                    .map(block -> block.address() + " until " + block.expiresAt()).collect(Collectors.joining(", "));
        }
        changes.add(decide(BlocklistChange.newBuilder(base(BlocklistAction.UNBLOCK, address.toString(),
                        address.family().wireName(), at))
                .setBlocked(false)
                .setExpiresAt(until)
                .setReason(reason + ".")
                .setOffences(state.offences(address))
                .setDecidedBy(request.by())
                .setComment(request.comment())));
        return changes;
    }

    /** Time passing: an expire record for every block that ended at or before {@code now}, in address order. */
    public List<BlocklistChange> expire(Instant now) {
        return expireLapsed(now.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * Holds the current list to today's guardrails, for a start after the settings changed: expiries first, then a
     * refusal lifting every entry a guardrail now forbids (an allow-listed range, a protected address, a person's
     * block broader than now allowed), then evictions while a family holds more than the cap.
     */
    public List<BlocklistChange> applyGuardrails(Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        List<BlocklistChange> changes = expireLapsed(at);
        for (BlockedAddress entry : state.entries()) {
            // The breadth limit can only refuse a CIDR block, which only a person adds; the other guardrails hold all.
            guardrails.refusalOfPersonsBlock(entry.address()).ifPresent(clause -> changes.add(refuse(new Decision(
                    entry.address(), entry.severity(), null, null, DECIDED_BY_POLICY, null, at), clause)));
        }
        for (AddressFamily family : AddressFamily.values()) {
            while (state.size(family) > config.maxEntriesPerFamily()) {
                BlockedAddress evicted = state.evictionCandidate(family).orElseThrow();
                changes.add(evict(evicted, at, "Evicted: the " + family.wireName() + " list holds more than its cap of "
                        + config.maxEntriesPerFamily() + " entries (" + BlocklistPolicyConfig.MAX_ENTRIES_CONFIG
                        + ") and this was its lowest-severity, oldest entry."));
            }
        }
        return changes;
    }

    /**
     * Folds in a decision made elsewhere, such as a person's add or remove published by the CLI while this policy
     * runs: feed it the blocklist topic's records in topic order. Records this policy returned are applied already
     * and recognized by their change id (the last {@value #REMEMBERED_OWN_CHANGES} of them), and a record decided
     * before the address's latest one is ignored.
     *
     * @return whether the record is now the latest of its address
     */
    public boolean observe(BlocklistChange change) {
        if (ownChangeIds.remove(change.getChangeId())) {
            return false;
        }
        return state.applyIfNotOlder(change);
    }

    private List<BlocklistChange> expireLapsed(Instant at) {
        List<BlocklistChange> changes = new ArrayList<>();
        for (BlockedAddress entry : state.lapsedAt(at)) {
            changes.add(decide(BlocklistChange.newBuilder(base(BlocklistAction.EXPIRE, entry.address().toString(),
                            entry.family().wireName(), at))
                    .setBlocked(false)
                    .setReason("Its block ended at " + entry.expiresAt() + ".")
                    .setSeverity(entry.severity().wireName())
                    .setOffences(entry.offences())));
        }
        return changes;
    }

    /** Adds the block, after making room when its family is full, or the refusal when no entry may give way. */
    private void block(Decision decision, Instant expiresAt, String reason, String newcomer,
                       List<BlocklistChange> changes) {
        AddressFamily family = decision.address().family();
        while (state.size(family) >= config.maxEntriesPerFamily()) {
            BlockedAddress candidate = state.evictionCandidate(family).orElseThrow();
            if (candidate.severity().compareTo(decision.severity()) > 0) {
                changes.add(refuse(decision, "the " + family.wireName() + " list is full ("
                        + config.maxEntriesPerFamily() + " entries, " + BlocklistPolicyConfig.MAX_ENTRIES_CONFIG
                        + ") and even its lowest-severity entry is " + candidate.severity().wireName()
                        + ", above " + newcomer));
                return;
            }
            changes.add(evict(candidate, decision.at(), "Evicted to make room for " + decision.address() + ": the "
                    + family.wireName() + " list was full (" + config.maxEntriesPerFamily() + " entries) and this "
                    + "was its lowest-severity, oldest entry."));
        }
        changes.add(decide(record(decision, BlocklistAction.BLOCK)
                .setBlocked(true)
                .setExpiresAt(expiresAt)
                .setReason(reason)
                .setOffences(state.offences(decision.address()) + 1)));
    }

    /** The expiry moves to {@code proposedExpiry} unless the block stands longer; the severity keeps the highest. */
    private BlocklistChange extend(Decision decision, BlockedAddress entry, Instant proposedExpiry, String cause) {
        Instant expiresAt = proposedExpiry.isAfter(entry.expiresAt()) ? proposedExpiry : entry.expiresAt();
        Severity severity = entry.severity().compareTo(decision.severity()) > 0 ? entry.severity()
                : decision.severity();
        return decide(record(decision, BlocklistAction.EXTEND)
                .setBlocked(true)
                .setExpiresAt(expiresAt)
                .setSeverity(severity.wireName())
                .setReason(cause + ": now until " + expiresAt + ", "
                        + DurationText.of(Duration.between(decision.at(), expiresAt)) + " from now.")
                .setOffences(entry.offences() + 1));
    }

    /**
     * A refusal carries its address's state on, so that it can be the latest record of the address: the offences, and
     * a person's removal still holding, with that person as the author. A refusal of a blocked address (a guardrail
     * added since) lifts the block.
     */
    private BlocklistChange refuse(Decision decision, String clause) {
        Optional<BlockedAddress> lifted = state.entry(decision.address());
        Optional<PersonRemoval> holding = state.removal(decision.address()).filter(r -> r.holdsAt(decision.at()));
        String askedBy = holding.isPresent() && !DECIDED_BY_POLICY.equals(decision.decidedBy())
                && !decision.decidedBy().equals(holding.get().removedBy()) ? " (asked by " + decision.decidedBy() + ")"
                : "";
        String reason = (lifted.isPresent() ? "Lifted: " : "Not blocked: ") + clause + askedBy
                + lifted.map(entry -> "; it was blocked until " + entry.expiresAt()).orElse("") + ".";
        return decide(record(decision, BlocklistAction.REFUSE)
                .setBlocked(false)
                .setExpiresAt(holding.map(PersonRemoval::until).orElse(null))
                .setReason(reason)
                .setOffences(state.offences(decision.address()))
                .setDecidedBy(holding.map(PersonRemoval::removedBy).orElse(decision.decidedBy()))
                .setComment(holding.map(PersonRemoval::comment).orElse(decision.comment())));
    }

    private BlocklistChange evict(BlockedAddress evicted, Instant at, String reason) {
        return decide(BlocklistChange.newBuilder(base(BlocklistAction.EVICT, evicted.address().toString(),
                        evicted.family().wireName(), at))
                .setBlocked(false)
                .setReason(reason)
                .setSeverity(evicted.severity().wireName())
                .setOffences(evicted.offences()));
    }

    private static String removalClause(CidrBlock address, PersonRemoval removal) {
        String what = removal.address().equals(address) ? "it" : removal.address().toString();
        return removal.removedBy() + " removed " + what + " from the blocklist, which holds the policy off until "
                + removal.until();
    }

    private BlocklistChange.Builder base(BlocklistAction action, String address, String family, Instant at) {
        return BlocklistChange.newBuilder()
                .setChangeId(changeIds.get())
                .setAddress(address)
                .setFamily(family)
                .setAction(action.wireName())
                .setDecidedBy(DECIDED_BY_POLICY)
                .setEnforced(config.enforce())
                .setDecidedAt(at);
    }

    /** Builds the record and applies it: the policy's own decisions are always the latest, whatever the clocks. */
    private BlocklistChange decide(BlocklistChange.Builder builder) {
        BlocklistChange change = builder.build();
        state.apply(change);
        ownChangeIds.add(change.getChangeId());
        return change;
    }

    private BlocklistChange.Builder record(Decision decision, BlocklistAction action) {
        return base(action, decision.address().toString(), decision.address().family().wireName(), decision.at())
                .setSeverity(decision.severity().wireName())
                .setAlertId(decision.alertId())
                .setDetector(decision.detector())
                .setDecidedBy(decision.decidedBy())
                .setComment(decision.comment());
    }

    /** Who asks to block what, and why: what the records of one decision share. */
    private record Decision(CidrBlock address, Severity severity, String alertId, String detector, String decidedBy,
                            String comment, Instant at) {
    }
}
