package io.flowsight.topology.findings;

import io.flowsight.rules.RuleSet;
import io.flowsight.topology.TopologyConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which rules the topology runs, from flowsight.rules.dir and flowsight.rules.builtin. */
class DetectionRulesTest {
    @TempDir
    Path rules;

    @Test
    void aBadFileIsRefusedByFileAndLineAndTheOthersLoad() throws Exception {
        Files.writeString(rules.resolve("stop.yml"), """
                title: Trail logging stopped
                id: 5c1f3a2e-8b1d-4c1e-9a51-0f7e2d6b1a01
                logsource:
                    product: aws
                    service: cloudtrail
                detection:
                    selection:
                        eventName: StopLogging
                    condition: selection
                """);
        Files.writeString(rules.resolve("broken.yml"), """
                title: Broken
                logsource:
                    product: aws
                    service: cloudtrail
                detection:
                    selection:
                        eventName|contain: Stop
                    condition: selection
                """);

        RuleSet loaded = DetectionRules.load(new TopologyConfig(Map.of(TopologyConfig.RULES_DIR_CONFIG,
                rules.toString(), TopologyConfig.RULES_BUILTIN_CONFIG, false)));

        assertThat(loaded.rules()).extracting(rule -> rule.id()).containsExactly("5c1f3a2e-8b1d-4c1e-9a51-0f7e2d6b1a01");
        assertThat(loaded.refusals()).extracting(Object::toString).containsExactly(rules.resolve("broken.yml")
                + ":7: 'contain' in 'eventName|contain' is not a Sigma value modifier; check its spelling against the"
                + " specification's modifier list.");
    }

    @Test
    void aDirectoryThatDoesNotExistIsOneSentence() {
        Path missing = rules.resolve("nope");
        assertThatThrownBy(() -> DetectionRules.load(new TopologyConfig(Map.of(TopologyConfig.RULES_DIR_CONFIG,
                missing.toString())))).isInstanceOf(ConfigException.class).hasMessage("flowsight.rules.dir is "
                + missing + ", which does not exist; point it at your directory of Sigma rules or leave it empty.");
    }

    @Test
    void noDirectoryAndNoBuiltInPackIsNoRules() {
        RuleSet loaded = DetectionRules.load(new TopologyConfig(Map.of(TopologyConfig.RULES_BUILTIN_CONFIG, false)));
        assertThat(loaded.rules()).isEmpty();
        assertThat(loaded.correlations()).isEmpty();
        assertThat(loaded.refusals()).isEmpty();
    }
}
