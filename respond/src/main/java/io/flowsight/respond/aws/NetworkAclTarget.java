package io.flowsight.respond.aws;

import java.time.Clock;
import java.util.List;
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
public final class NetworkAclTarget implements AddressListTarget {
    private final NetworkAclTargetConfig config;
    private final CoalescingApplier applier;

    NetworkAclTarget(NetworkAclTargetConfig config, UpdatePacer pacer, Clock clock, Sleeper sleeper,
                     DoubleSupplier jitter) {
        this.config = Objects.requireNonNull(config, "config");
        AwsApiClient client = new AwsApiClient("Amazon EC2", NetworkAclTargetConfig.SIGNING_NAME, config.region(),
                config.endpoint(), config.credentials(), Ec2Xml.PROTOCOL, clock, sleeper, jitter);
        NetworkAclDenyEntries entries = new NetworkAclDenyEntries(config, client);
        this.applier = new CoalescingApplier(config.name(), entries::reconcile, pacer, clock, sleeper,
                config.reconcileInterval());
    }

    /** A target with its own pacer (one pass per second), applying lists in a background thread. */
    public static NetworkAclTarget start(NetworkAclTargetConfig config) {
        return start(config, UpdatePacer.oneUpdatePerSecond());
    }

    /** @param pacer shared by the targets of one account and region, so that together they keep to one pace */
    public static NetworkAclTarget start(NetworkAclTargetConfig config, UpdatePacer pacer) {
        NetworkAclTarget target = new NetworkAclTarget(config, pacer, Clock.systemUTC(), Sleeper.REAL,
                () -> ThreadLocalRandom.current().nextDouble());
        target.applier.start();
        return target;
    }

    /** A target that applies nothing by itself: only {@link #reconcileNow} changes the ACL. Its own pacer. */
    public static NetworkAclTarget oneShot(NetworkAclTargetConfig config) {
        return new NetworkAclTarget(config, UpdatePacer.oneUpdatePerSecond(), Clock.systemUTC(), Sleeper.REAL,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    @Override
    public String name() {
        return config.name();
    }

    public NetworkAclTargetConfig config() {
        return config;
    }

    @Override
    public void apply(List<String> addresses) {
        applier.submit(CoalescingApplier.parse(config.name(), addresses));
    }

    /**
     * Brings the ACL's rule range to {@code addresses} now, in this thread (after the pacer's turn).
     *
     * @throws AwsTargetException when the ACL could not be read or changed
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
        return "network ACL target " + config.name() + " (" + config.describe() + ")";
    }
}
