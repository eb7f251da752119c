package io.flowsight.topology;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        TopologyConfig config = new TopologyConfig(Map.of());
        assertThat(config.topicPrefix()).isEqualTo("flowsight.");
        assertThat(config.partitions()).isEqualTo(3);
        assertThat(config.windows()).containsExactly(Duration.ofMinutes(1), Duration.ofHours(1));
        assertThat(config.grace()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.topN()).isEqualTo(10);
        assertThat(config.sketchMode()).isTrue();
        assertThat(config.sketchMapSize()).isEqualTo(1024);
        assertThat(config.detectorWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.baselineAlpha()).isEqualTo(0.1);
        assertThat(config.baselineMinHistory()).isEqualTo(10);
        assertThat(config.baselineHorizon()).isEqualTo(Duration.ofDays(1));
        assertThat(config.pane()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.scoreThreshold()).isEqualTo(4.0);
        assertThat(config.portScanPorts()).isEqualTo(50);
        assertThat(config.portScanHosts()).isEqualTo(50);
        assertThat(config.bruteForceAttempts()).isEqualTo(30);
        assertThat(config.consoleLoginFailures()).isEqualTo(5);
        assertThat(config.deniedCalls()).isEqualTo(20);
        assertThat(config.httpErrors()).isEqualTo(50);
        assertThat(config.exactDistinctLimit()).isEqualTo(64);
        assertThat(config.quietPeriod()).isEqualTo(Duration.ofHours(1));
        assertThat(config.internalCidrs()).containsExactly("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");
        assertThat(config.watchlistRefresh()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.rocksDbMemory()).isEqualTo(256L << 20);
        assertThat(config.rulesDirectory()).isEmpty();
        assertThat(config.builtinRules()).isTrue();
        assertThat(config.rulesRefresh()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.rulesMaxTimespan()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void theRuleSettingsMapToTheirValues() {
        TopologyConfig config = new TopologyConfig(Map.of(TopologyConfig.RULES_DIR_CONFIG, " /etc/flowsight/rules ",
                TopologyConfig.RULES_BUILTIN_CONFIG, "false", TopologyConfig.RULES_REFRESH_CONFIG, "30s",
                TopologyConfig.RULES_MAX_TIMESPAN_CONFIG, "2d"));
        assertThat(config.rulesDirectory()).contains(java.nio.file.Path.of("/etc/flowsight/rules"));
        assertThat(config.builtinRules()).isFalse();
        assertThat(config.rulesRefresh()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.rulesMaxTimespan()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void durationsReadTheShortAndTheIsoForms() {
        TopologyConfig config = new TopologyConfig(Map.of(TopologyConfig.WINDOWS_CONFIG, "1h, 30s,PT5M",
                TopologyConfig.GRACE_CONFIG, "90s", TopologyConfig.DETECTOR_WINDOW_CONFIG, "5m",
                TopologyConfig.QUIET_PERIOD_CONFIG, "2d"));
        assertThat(config.windows()).containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(1));
        assertThat(config.grace()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.quietPeriod()).isEqualTo(Duration.ofDays(2));
        assertThat(config.pane()).as("what 30s, 5m and 1h all divide by").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void badValuesNameTheSettingAndTheFix() {
        assertThatThrownBy(() -> new TopologyConfig(Map.of(TopologyConfig.GRACE_CONFIG, "a while")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("flowsight.topology.grace is 'a while', which is not a duration; write e.g. 30s, 15m, 1h or 2d.");
        assertThatThrownBy(() -> new TopologyConfig(Map.of(TopologyConfig.DETECTOR_WINDOW_CONFIG, "5m")))
                .hasMessage("flowsight.topology.detector.window is 5m but the windows are [1m, 1h]; pick one of them.");
        assertThatThrownBy(() -> new TopologyConfig(Map.of(TopologyConfig.SKETCH_MAP_SIZE_CONFIG, 1000)))
                .hasMessage("flowsight.topology.sketch.max.map.size is 1000; use a power of 2 such as 1024.");
        assertThatThrownBy(() -> new TopologyConfig(Map.of(TopologyConfig.BASELINE_HORIZON_CONFIG, "30s")))
                .hasMessage("flowsight.topology.baseline.horizon is 30s, not longer than the detector window 1m; "
                        + "give it many windows, e.g. 1d.");
        assertThatThrownBy(() -> new TopologyConfig(Map.of(TopologyConfig.TOP_MODE_CONFIG, "approximate")))
                .hasMessageContaining("flowsight.topology.top.mode");
        assertThat(TopologyConfig.configDef().names()).contains(TopologyConfig.WINDOWS_CONFIG);
        assertThat(List.copyOf(TopologyConfig.configDef().names())).allMatch(name -> name.startsWith("flowsight."));
    }

    @Test
    void theClosingWatermarkIsTheEndOfTheLongestWindowPlusGrace() {
        TopologyConfig defaults = new TopologyConfig(Map.of());
        assertThat(defaults.closingWatermark(java.time.Instant.parse("2026-11-22T10:14:59.500Z")))
                .as("the event's alerts resolve an hour (the quiet period) after it, later than its hour window ends")
                .isEqualTo(java.time.Instant.parse("2026-11-22T11:29:59.500Z"));
        assertThat(defaults.closingWatermark(java.time.Instant.parse("2026-11-22T11:00:00Z")))
                .as("an event at the hour opens the next hour window")
                .isEqualTo(java.time.Instant.parse("2026-11-22T12:15:00Z"));
        TopologyConfig minutes = new TopologyConfig(Map.of(TopologyConfig.WINDOWS_CONFIG, "PT1M",
                TopologyConfig.GRACE_CONFIG, "PT30S", TopologyConfig.QUIET_PERIOD_CONFIG, "PT10S"));
        assertThat(minutes.closingWatermark(java.time.Instant.parse("2026-11-22T10:14:59.500Z")))
                .isEqualTo(java.time.Instant.parse("2026-11-22T10:15:39.500Z"));
    }
}
