package io.flowsight.respond.aws;

import io.flowsight.respond.policy.BlockedAddress;
import io.flowsight.respond.policy.BlocklistTarget;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A WAF, network ACL or GuardDuty target as the blocklist sees its targets. The list is handed over oldest block
 * first (by {@link BlockedAddress#since()}), so that a network ACL range or a threat list that is full leaves the
 * oldest out; the target applies it in the background, coalesced and paced, so {@link #apply} never blocks on AWS
 * and never throws: a failure is logged by the target and retried by it, and the blocklist's periodic reconciliation
 * re-applies the list anyway.
 */
public final class AwsBlocklistTarget implements BlocklistTarget, AutoCloseable {
    private static final Comparator<BlockedAddress> OLDEST_FIRST = Comparator.comparing(BlockedAddress::since)
            .thenComparing(BlockedAddress::address);

    private final AddressListTarget target;

    public AwsBlocklistTarget(AddressListTarget target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    @Override
    public String name() {
        return target.toString();
    }

    @Override
    public void apply(List<BlockedAddress> current) {
        target.apply(current.stream().sorted(OLDEST_FIRST).map(b -> b.address().cidrNotation()).toList());
    }

    @Override
    public void close() {
        target.close();
    }
}
