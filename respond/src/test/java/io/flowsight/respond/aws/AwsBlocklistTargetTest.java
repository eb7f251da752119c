package io.flowsight.respond.aws;

import io.flowsight.testsupport.aws.FakeAwsApi;
import io.flowsight.testsupport.aws.FakeWaf;
import io.flowsight.testsupport.aws.FakeEc2;
import io.flowsight.aws.signing.AwsCredentialsSource;
import io.flowsight.respond.policy.BlockedAddress;
import io.flowsight.respond.policy.CidrBlock;
import io.flowsight.schemas.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The AWS targets behind the blocklist's target interface: the list goes over oldest block first. */
class AwsBlocklistTargetTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    private final ManualTime time = ManualTime.at("2026-03-02T10:01:05Z");
    private FakeEc2 ec2;
    private FakeWaf waf;

    @BeforeEach
    void start() throws Exception {
        ec2 = new FakeEc2("eu-west-1");
        ec2.createDefaultAcl(NetworkAclTargetTest.ACL);
        waf = new FakeWaf("eu-west-1");
        waf.create(WafIpSetTargetTest.V4_NAME, WafIpSetTargetTest.V4_ID, "REGIONAL", "IPV4", null, List.of());
        waf.create(WafIpSetTargetTest.V6_NAME, WafIpSetTargetTest.V6_ID, "REGIONAL", "IPV6", null, List.of());
    }

    @AfterEach
    void stop() {
        ec2.close();
        waf.close();
    }

    private static BlockedAddress blocked(String address, int minutesAgo) {
        Instant since = NOW.minusSeconds(60L * minutesAgo);
        return new BlockedAddress(CidrBlock.parse(address), since.plusSeconds(4 * 3600), Severity.HIGH, 1, since,
                "policy", "port_scan from " + address, "alert-" + address, "port_scan", null);
    }

    /** The blocklist gives IPv4 first in address order; the newest here is the lowest address. */
    private static List<BlockedAddress> current() {
        return List.of(blocked("203.0.113.1", 1), blocked("203.0.113.2", 30), blocked("203.0.113.3", 20),
                blocked("2001:db8::7", 10));
    }

    @Test
    void aFullNetworkAclRangeLeavesOutTheOldestBlocksNotTheHighestAddresses() throws Exception {
        NetworkAclTarget acl = new NetworkAclTarget(NetworkAclTargetConfig.builder("vpc").region("eu-west-1")
                .networkAclId(NetworkAclTargetTest.ACL).ruleNumbers(71, 73).endpoint(ec2.endpoint())
                .credentials(AwsCredentialsSource.staticKeys(FakeAwsApi.ACCESS_KEY_ID, FakeAwsApi.SECRET)).build(),
                UpdatePacer.oneUpdatePerSecond(), time, time, () -> 1.0);
        AwsBlocklistTarget target = new AwsBlocklistTarget(acl);

        target.apply(current());
        assertThat(acl.runDue()).isTrue();

        // 203.0.113.2 was blocked first (30 minutes ago): it is the one left out.
        assertThat(ec2.inbound(NetworkAclTargetTest.ACL, 71, 73)).extracting(FakeEc2.Entry::cidr)
                .containsExactly("203.0.113.3/32", "2001:db8::7/128", "203.0.113.1/32");
        assertThat(target.name()).isEqualTo("network ACL target vpc (network ACL " + NetworkAclTargetTest.ACL
                + " (eu-west-1) rules 71-73)");
    }

    @Test
    void aWafTargetGetsEveryAddressInItsFamilysSet() throws Exception {
        WafIpSetTarget sets = new WafIpSetTarget(WafIpSetTargetConfig.builder("edge").region("eu-west-1")
                .ipv4Set(WafIpSetTargetTest.V4_NAME, WafIpSetTargetTest.V4_ID)
                .ipv6Set(WafIpSetTargetTest.V6_NAME, WafIpSetTargetTest.V6_ID).endpoint(waf.endpoint())
                .credentials(AwsCredentialsSource.staticKeys(FakeAwsApi.ACCESS_KEY_ID, FakeAwsApi.SECRET)).build(),
                UpdatePacer.oneUpdatePerSecond(), time, time, () -> 1.0);
        try (AwsBlocklistTarget target = new AwsBlocklistTarget(sets)) {
            target.apply(current());
            assertThat(sets.runDue()).isTrue();
        }

        assertThat(waf.addresses(WafIpSetTargetTest.V4_ID)).containsExactly("203.0.113.2/32", "203.0.113.3/32",
                "203.0.113.1/32");
        assertThat(waf.addresses(WafIpSetTargetTest.V6_ID)).containsExactly("2001:db8::7/128");
    }
}
