package io.flowsight.respond.policy;

import io.flowsight.schemas.Severity;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlocklistPolicyConfigTest {

    @Test
    void defaultsBlockNothingAndEnforceNothing() {
        BlocklistPolicyConfig config = BlocklistPolicyConfig.defaults();

        assertThat(config.detectors()).isEmpty();
        assertThat(config.blocksDetector("port_scan")).isFalse();
        assertThat(config.minimumSeverity()).isEqualTo(Severity.HIGH);
        assertThat(config.coversLogType("vpcflow")).isTrue();
        assertThat(config.coversLogType(null)).isTrue();
        assertThat(config.internalCidrs()).extracting(CidrBlock::toString)
                .containsExactly("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");
        assertThat(config.allowCidrs()).isEmpty();
        assertThat(config.protectedAddresses()).isEmpty();
        assertThat(config.ttl()).isEqualTo(Duration.ofHours(4));
        assertThat(config.escalationFactor()).isEqualTo(4);
        assertThat(config.maxTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(config.maxEntriesPerFamily()).isEqualTo(10_000);
        assertThat(config.broadestPrefix(AddressFamily.IPV4)).isEqualTo(24);
        assertThat(config.broadestPrefix(AddressFamily.IPV6)).isEqualTo(64);
        assertThat(config.enforce()).isFalse();
    }

    @Test
    void theInternalRangesAreTheStreamProcessingsUnlessSetHere() {
        BlocklistPolicyConfig config = new BlocklistPolicyConfig(Map.of(
                "flowsight.topology.internal.cidrs", "10.0.0.0/8,100.64.0.0/10"));

        assertThat(config.internalCidrs()).extracting(CidrBlock::toString)
                .containsExactly("10.0.0.0/8", "100.64.0.0/10");
        assertThatThrownBy(() -> new BlocklistPolicyConfig(Map.of("flowsight.topology.internal.cidrs", "10.1.2.3/8")))
                .hasMessageStartingWith("flowsight.topology.internal.cidrs: '10.1.2.3/8' has bits set past its /8");
    }

    @Test
    void everyKeyIsReadAndOtherStagesKeysAreLeftAlone() {
        BlocklistPolicyConfig config = new BlocklistPolicyConfig(Map.ofEntries(
                Map.entry("flowsight.respond.block.detectors", "port_scan, brute_force"),
                Map.entry("flowsight.respond.block.min.severity", "medium"),
                Map.entry("flowsight.respond.block.log.types", "vpcflow,alb"),
                Map.entry("flowsight.respond.internal.cidrs", "10.20.0.0/16"),
                Map.entry("flowsight.respond.allow.cidrs", "203.0.113.10,198.51.100.0/28"),
                Map.entry("flowsight.respond.protected.addresses", "192.0.2.80,2001:db8::80"),
                Map.entry("flowsight.respond.block.ttl", "PT30M"),
                Map.entry("flowsight.respond.block.escalation.factor", "2"),
                Map.entry("flowsight.respond.block.ttl.max", "1d"),
                Map.entry("flowsight.respond.block.max.entries", "500"),
                Map.entry("flowsight.respond.add.broadest.prefix.ipv4", "20"),
                Map.entry("flowsight.respond.add.broadest.prefix.ipv6", "48"),
                Map.entry("flowsight.respond.enforce", "true"),
                Map.entry("flowsight.topology.internal.cidrs", "10.0.0.0/8"),
                Map.entry("bootstrap.servers", "kafka:9092")));

        assertThat(config.detectors()).isEqualTo(Set.of("port_scan", "brute_force"));
        assertThat(config.blocksDetector("brute_force")).isTrue();
        assertThat(config.blocksDetector("traffic_spike")).isFalse();
        assertThat(config.minimumSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(config.coversLogType("alb")).isTrue();
        assertThat(config.coversLogType("cloudtrail")).isFalse();
        assertThat(config.coversLogType(null)).isFalse();
        assertThat(config.internalCidrs()).extracting(CidrBlock::toString).containsExactly("10.20.0.0/16");
        assertThat(config.allowCidrs()).extracting(CidrBlock::toString)
                .containsExactly("203.0.113.10", "198.51.100.0/28");
        assertThat(config.protectedAddresses()).extracting(CidrBlock::toString)
                .containsExactly("192.0.2.80", "2001:db8::80");
        assertThat(config.ttl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.escalationFactor()).isEqualTo(2);
        assertThat(config.maxTtl()).isEqualTo(Duration.ofDays(1));
        assertThat(config.maxEntriesPerFamily()).isEqualTo(500);
        assertThat(config.broadestPrefix(AddressFamily.IPV4)).isEqualTo(20);
        assertThat(config.broadestPrefix(AddressFamily.IPV6)).isEqualTo(48);
        assertThat(config.enforce()).isTrue();
    }

    @Test
    void anAsteriskBlocksEveryDetector() {
        BlocklistPolicyConfig config = new BlocklistPolicyConfig(Map.of("flowsight.respond.block.detectors", "*"));

        assertThat(config.blocksDetector("watchlist")).isTrue();
        assertThat(config.blocksDetector("denied_api_burst")).isTrue();
    }

    @Test
    void theTimeToLiveGrowsByTheFactorPerOffenceUpToTheCap() {
        BlocklistPolicyConfig config = BlocklistPolicyConfig.defaults();

        assertThat(List.of(1, 2, 3, 4, 50, Integer.MAX_VALUE)).map(config::ttlForOffence).containsExactly(
                Duration.ofHours(4), Duration.ofHours(16), Duration.ofHours(64), Duration.ofDays(7),
                Duration.ofDays(7), Duration.ofDays(7));
        BlocklistPolicyConfig flat = config("flowsight.respond.block.escalation.factor", "1");
        assertThat(flat.ttlForOffence(9)).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void eachMistakeIsOneSentenceNamingTheKey() {
        assertThatThrownBy(() -> config("flowsight.respond.block.min.severity", "severe"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("flowsight.respond.block.min.severity is 'severe'; write low, medium, high or critical.");
        assertThatThrownBy(() -> config("flowsight.respond.block.log.types", "vpcflows"))
                .hasMessage("flowsight.respond.block.log.types names 'vpcflows', which is not a log type; use "
                        + "vpcflow, cloudtrail, alb, alb-conn or *.");
        assertThatThrownBy(() -> config("flowsight.respond.block.detectors", "port_scan,,brute_force"))
                .hasMessage("flowsight.respond.block.detectors has an empty name; list detectors separated by "
                        + "commas, e.g. port_scan,brute_force, or write * for every detector.");
        assertThatThrownBy(() -> config("flowsight.respond.allow.cidrs", "203.0.113.0/33"))
                .hasMessage("flowsight.respond.allow.cidrs: '203.0.113.0/33' has no valid prefix length; write one "
                        + "from 0 to 32 after the slash.");
        assertThatThrownBy(() -> config("flowsight.respond.protected.addresses", "alb.example.com"))
                .hasMessage("flowsight.respond.protected.addresses: 'alb.example.com' is not an IP address or CIDR "
                        + "block; write e.g. 198.51.100.7, 198.51.100.0/24 or 2001:db8::7.");
        assertThatThrownBy(() -> config("flowsight.respond.internal.cidrs", "10.1.2.3/8"))
                .hasMessage("flowsight.respond.internal.cidrs: '10.1.2.3/8' has bits set past its /8 prefix; write "
                        + "10.0.0.0/8.");
        assertThatThrownBy(() -> config("flowsight.respond.block.ttl", "0s"))
                .hasMessage("flowsight.respond.block.ttl is '0s'; a block needs a time-to-live, e.g. 4h.");
        assertThatThrownBy(() -> config("flowsight.respond.block.ttl", "a while"))
                .hasMessage("flowsight.respond.block.ttl is 'a while', which is not a duration; write e.g. 30s, 15m, "
                        + "1h or 2d.");
        assertThatThrownBy(() -> config("flowsight.respond.block.ttl.max", "1h"))
                .hasMessage("flowsight.respond.block.ttl.max is 1h, shorter than flowsight.respond.block.ttl (4h); "
                        + "make it at least as long.");
        assertThatThrownBy(() -> config("flowsight.respond.block.escalation.factor", "0"))
                .hasMessage("flowsight.respond.block.escalation.factor is 0; write 1 for no escalation or more, "
                        + "e.g. 4.");
        assertThatThrownBy(() -> config("flowsight.respond.block.max.entries", "0"))
                .hasMessage("flowsight.respond.block.max.entries is 0; the list needs room for at least 1 entry per "
                        + "family (10,000 fills a WAF IP set).");
        assertThatThrownBy(() -> config("flowsight.respond.add.broadest.prefix.ipv4", "33"))
                .hasMessage("flowsight.respond.add.broadest.prefix.ipv4 is 33; write a prefix length from 1 to 32, "
                        + "e.g. 24.");
        assertThatThrownBy(() -> config("flowsight.respond.add.broadest.prefix.ipv6", "0"))
                .hasMessage("flowsight.respond.add.broadest.prefix.ipv6 is 0; write a prefix length from 1 to 128, "
                        + "e.g. 64.");
    }

    @Test
    void everySettingIsDocumented() {
        assertThat(BlocklistPolicyConfig.configDef().configKeys().values())
                .allSatisfy(key -> assertThat(key.documentation).isNotBlank())
                .extracting(key -> key.name)
                .allSatisfy(name -> assertThat(name).startsWith("flowsight.respond."))
                .hasSize(13);
    }

    private static BlocklistPolicyConfig config(String key, String value) {
        return new BlocklistPolicyConfig(Map.of(key, value));
    }
}
