package io.flowsight.respond.aws;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What the AWS targets share: the list to apply goes to a {@link CoalescingApplier}, which runs the target's
 * reconciling pass (read the place, change what differs) coalesced, paced, and again every reconcile interval.
 */
abstract sealed class PacedAddressListTarget implements AddressListTarget permits WafIpSetTarget, NetworkAclTarget,
        GuardDutyThreatListTarget {
    private final String name;
    private final CoalescingApplier applier;

    PacedAddressListTarget(String name, CoalescingApplier.Pass pass, UpdatePacer pacer, Clock clock, Sleeper sleeper,
                           Duration reconcileInterval) {
        this.name = name;
        this.applier = new CoalescingApplier(name, pass, pacer, clock, sleeper, reconcileInterval);
    }

    /** Starts applying submitted lists in a background thread. */
    final void startApplying() {
        applier.start();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void apply(List<String> addresses) {
        applier.submit(CoalescingApplier.parse(name, addresses));
    }

    /**
     * Brings the place to {@code addresses} now, in this thread (after the pacer's turn), and says what changed.
     *
     * @throws AwsTargetException when the place could not be read or changed, or the list is over its limit
     */
    public final List<AppliedChange> reconcileNow(List<String> addresses) throws InterruptedException {
        return applier.runNow(CoalescingApplier.parse(name, addresses));
    }

    /** The background worker's step, for tests that drive the clock. */
    final boolean runDue() throws InterruptedException {
        return applier.runDue();
    }

    /** Stops the background work; a target that holds more (a client) closes it after calling this. */
    @Override
    public void close() {
        applier.close();
    }
}
