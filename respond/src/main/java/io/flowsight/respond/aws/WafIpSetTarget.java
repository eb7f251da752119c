package io.flowsight.respond.aws;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The blocklist applied to AWS WAF IP sets: the IPv4 addresses to one set, the IPv6 ones to another, each set
 * replaced whole when it differs from the list (WAF's API takes the whole list per update), at most one update per
 * pacer turn, a burst of changes coalesced into one update, and the sets read and corrected every reconcile interval.
 * An address removed by hand in the console comes back while it is still on the list; one that expired is removed.
 * The sets must be FlowSight's alone: what else they hold is removed.
 *
 * <p>The credentials' principal needs {@code wafv2:GetIPSet} and {@code wafv2:UpdateIPSet} on the sets.
 */
public final class WafIpSetTarget implements AddressListTarget {
    private final WafIpSetTargetConfig config;
    private final CoalescingApplier applier;

    WafIpSetTarget(WafIpSetTargetConfig config, UpdatePacer pacer, Clock clock, Sleeper sleeper,
                   DoubleSupplier jitter) {
        this.config = Objects.requireNonNull(config, "config");
        AwsApiClient client = new AwsApiClient("AWS WAF", WafIpSetTargetConfig.SIGNING_NAME, config.region(),
                config.endpoint(), config.credentials(), WafIpSets.PROTOCOL, clock, sleeper, jitter);
        WafIpSets sets = new WafIpSets(config, client);
        this.applier = new CoalescingApplier(config.name(), sets::reconcile, pacer, clock, sleeper,
                config.reconcileInterval());
    }

    /** A target with its own pacer (one update per second), applying lists in a background thread. */
    public static WafIpSetTarget start(WafIpSetTargetConfig config) {
        return start(config, UpdatePacer.oneUpdatePerSecond());
    }

    /** @param pacer shared by the targets of one account and region, so that together they keep to one pace */
    public static WafIpSetTarget start(WafIpSetTargetConfig config, UpdatePacer pacer) {
        WafIpSetTarget target = new WafIpSetTarget(config, pacer, Clock.systemUTC(), Sleeper.REAL,
                () -> ThreadLocalRandom.current().nextDouble());
        target.applier.start();
        return target;
    }

    /**
     * A target that applies nothing by itself: only {@link #reconcileNow} changes the sets, e.g. for a one-shot
     * command. Its own pacer.
     */
    public static WafIpSetTarget oneShot(WafIpSetTargetConfig config) {
        return new WafIpSetTarget(config, UpdatePacer.oneUpdatePerSecond(), Clock.systemUTC(), Sleeper.REAL,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    @Override
    public String name() {
        return config.name();
    }

    public WafIpSetTargetConfig config() {
        return config;
    }

    @Override
    public void apply(List<String> addresses) {
        applier.submit(CoalescingApplier.parse(config.name(), addresses));
    }

    /**
     * Brings the sets to {@code addresses} now, in this thread (after the pacer's turn), and says what changed.
     *
     * @throws AwsTargetException when a set could not be read or updated, or the list is over a set's limit
     */
    public List<AppliedChange> reconcileNow(List<String> addresses) throws InterruptedException {
        return applier.runNow(CoalescingApplier.parse(config.name(), addresses));
    }

    /** The background worker's step, for tests that drive the clock. */
    boolean runDue() throws InterruptedException {
        return applier.runDue();
    }

    @Override
    public void close() {
        applier.close();
    }

    @Override
    public String toString() {
        return "WAF target " + config.name() + " (" + config.scope() + " " + config.region() + ")";
    }
}
