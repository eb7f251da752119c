package io.flowsight.respond.aws;

import java.time.Clock;
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
public final class WafIpSetTarget extends PacedAddressListTarget {
    private final WafIpSetTargetConfig config;

    WafIpSetTarget(WafIpSetTargetConfig config, UpdatePacer pacer, Clock clock, Sleeper sleeper,
                   DoubleSupplier jitter) {
        super(config.name(), sets(config, clock, sleeper, jitter)::reconcile, pacer, clock, sleeper,
                config.reconcileInterval());
        this.config = config;
    }

    private static WafIpSets sets(WafIpSetTargetConfig config, Clock clock, Sleeper sleeper, DoubleSupplier jitter) {
        Objects.requireNonNull(config, "config");
        return new WafIpSets(config, new AwsApiClient("AWS WAF", WafIpSetTargetConfig.SIGNING_NAME, config.region(),
                config.endpoint(), config.credentials(), WafIpSets.PROTOCOL, clock, sleeper, jitter));
    }

    /** A target with its own pacer (one update per second), applying lists in a background thread. */
    public static WafIpSetTarget start(WafIpSetTargetConfig config) {
        return start(config, UpdatePacer.oneUpdatePerSecond());
    }

    /** @param pacer shared by the targets of one account and region, so that together they keep to one pace */
    public static WafIpSetTarget start(WafIpSetTargetConfig config, UpdatePacer pacer) {
        WafIpSetTarget target = new WafIpSetTarget(config, pacer, Clock.systemUTC(), Sleeper.REAL,
                () -> ThreadLocalRandom.current().nextDouble());
        target.startApplying();
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

    public WafIpSetTargetConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "WAF target " + config.name() + " (" + config.scope() + " " + config.region() + ")";
    }
}
