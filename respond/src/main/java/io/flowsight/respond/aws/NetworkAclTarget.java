package io.flowsight.respond.aws;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The blocklist applied to a VPC network ACL: one inbound deny entry (all protocols) per address, within the
 * configured rule-number range and never outside it, the oldest addresses left out when the range is full, a burst of
 * changes coalesced into one pass, at most one pass per pacer turn, and the entries read and corrected every reconcile
 * interval. An entry removed by hand comes back while its address is still on the list; one that expired is removed.
 *
 * <p>The credentials' principal needs {@code ec2:DescribeNetworkAcls} (which IAM cannot limit to one resource),
 * {@code ec2:CreateNetworkAclEntry} and {@code ec2:DeleteNetworkAclEntry} on the ACL.
 */
public final class NetworkAclTarget extends PacedAddressListTarget {
    private final NetworkAclTargetConfig config;

    NetworkAclTarget(NetworkAclTargetConfig config, UpdatePacer pacer, Clock clock, Sleeper sleeper,
                     DoubleSupplier jitter) {
        super(config.name(), entries(config, clock, sleeper, jitter)::reconcile, pacer, clock, sleeper,
                config.reconcileInterval());
        this.config = config;
    }

    private static NetworkAclDenyEntries entries(NetworkAclTargetConfig config, Clock clock, Sleeper sleeper,
                                                 DoubleSupplier jitter) {
        Objects.requireNonNull(config, "config");
        return new NetworkAclDenyEntries(config, new AwsApiClient("Amazon EC2", NetworkAclTargetConfig.SIGNING_NAME,
                config.region(), config.endpoint(), config.credentials(), Ec2Xml.PROTOCOL, clock, sleeper, jitter));
    }

    /** A target with its own pacer (one pass per second), applying lists in a background thread. */
    public static NetworkAclTarget start(NetworkAclTargetConfig config) {
        return start(config, UpdatePacer.oneUpdatePerSecond());
    }

    /** @param pacer shared by the targets of one account and region, so that together they keep to one pace */
    public static NetworkAclTarget start(NetworkAclTargetConfig config, UpdatePacer pacer) {
        NetworkAclTarget target = new NetworkAclTarget(config, pacer, Clock.systemUTC(), Sleeper.REAL,
                () -> ThreadLocalRandom.current().nextDouble());
        target.startApplying();
        return target;
    }

    /** A target that applies nothing by itself: only {@link #reconcileNow} changes the ACL. Its own pacer. */
    public static NetworkAclTarget oneShot(NetworkAclTargetConfig config) {
        return new NetworkAclTarget(config, UpdatePacer.oneUpdatePerSecond(), Clock.systemUTC(), Sleeper.REAL,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    public NetworkAclTargetConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "network ACL target " + config.name() + " (" + config.describe() + ")";
    }
}
