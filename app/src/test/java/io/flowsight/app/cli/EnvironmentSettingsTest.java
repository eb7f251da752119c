package io.flowsight.app.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EnvironmentSettingsTest {

    @Test
    void prefixedVariablesBecomeClientAndFlowSightSettings() {
        Map<String, Object> settings = EnvironmentSettings.from(Map.of(
                "FLOWSIGHT_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "FLOWSIGHT_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required;",
                "FLOWSIGHT_KAFKA_BASIC_AUTH_USER_INFO", "user:secret",
                "FLOWSIGHT_KAFKA_SOME__UNDERSCORED", "y",
                "FLOWSIGHT_KAFKA_SOME___DASHED_NAME", "x",
                "FLOWSIGHT_SET_TOPOLOGY_TOP_N", "20",
                "FLOWSIGHT_SET_SINK_ROLL_MAX_OPEN_MS", "60000"));
        assertThat(settings).containsOnly(
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;"),
                Map.entry("basic.auth.user.info", "user:secret"),
                Map.entry("some_underscored", "y"),
                Map.entry("some-dashed.name", "x"),
                Map.entry("flowsight.topology.top.n", "20"),
                Map.entry("flowsight.sink.roll.max.open.ms", "60000"));
    }

    @Test
    void otherVariablesAreLeftAlone() {
        assertThat(EnvironmentSettings.from(Map.of("FLOWSIGHT_BOOTSTRAP_SERVERS", "kafka:9092",
                "FLOWSIGHT_HTTP_TOKEN", "t", "FLOWSIGHT_DEBUG", "1", "FLOWSIGHT_KAFKA_", "empty", "PATH", "/bin")))
                .isEmpty();
    }
}
