package io.flowsight.topology.findings;

import io.flowsight.rules.RuleLoader;
import io.flowsight.rules.SigmaRule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sigma's {@code generate}: rules a correlation builds on report their own matches only when asked to. */
class StandaloneRulesTest {
    private static final String RULES = """
            title: Access key created
            name: key_created
            logsource:
                product: aws
                service: cloudtrail
            detection:
                selection:
                    eventName: CreateAccessKey
                condition: selection
            ---
            title: Trail deleted
            id: 5c1f3a2e-8b1d-4c1e-9a51-0f7e2d6b1a09
            logsource:
                product: aws
                service: cloudtrail
            detection:
                selection:
                    eventName: DeleteTrail
                condition: selection
            ---
            title: Trail logging stopped
            logsource:
                product: aws
                service: cloudtrail
            detection:
                selection:
                    eventName: StopLogging
                condition: selection
            """;

    @Test
    void aRuleACorrelationBuildsOnIsSilentByDefault() {
        assertThat(standalone(correlation("key_created", null))).containsExactly("Trail deleted",
                "Trail logging stopped");
    }

    @Test
    void generateTrueLetsTheRulesReport() {
        assertThat(standalone(correlation("key_created", true))).containsExactly("Access key created",
                "Trail deleted", "Trail logging stopped");
    }

    @Test
    void aRuleReferredToByIdIsSilencedAndAnyCorrelationAskingForItWins() {
        assertThat(standalone(correlation("5c1f3a2e-8b1d-4c1e-9a51-0f7e2d6b1a09", false)))
                .containsExactly("Access key created", "Trail logging stopped");
        assertThat(standalone(correlation("5c1f3a2e-8b1d-4c1e-9a51-0f7e2d6b1a09", false) + "\n---\n"
                + correlation("5c1f3a2e-8b1d-4c1e-9a51-0f7e2d6b1a09", true)))
                .containsExactly("Access key created", "Trail deleted", "Trail logging stopped");
    }

    private static java.util.List<String> standalone(String correlations) {
        return StandaloneRules.of(new RuleLoader().load("test.yml", RULES + "---\n" + correlations)).stream()
                .map(SigmaRule::title).toList();
    }

    private static String correlation(String rule, Boolean generate) {
        return """
                title: Twice in an hour
                correlation:
                    type: event_count
                    rules:
                        - %s
                    group-by:
                        - userIdentity.arn
                    timespan: 1h
                    condition:
                        gte: 2
                %s""".formatted(rule, generate == null ? "" : "    generate: " + generate + "\n");
    }
}
