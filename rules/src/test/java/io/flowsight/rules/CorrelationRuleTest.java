package io.flowsight.rules;

import io.flowsight.rules.correlation.CorrelationRule;
import io.flowsight.rules.correlation.CorrelationType;
import io.flowsight.rules.correlation.CountCondition;
import io.flowsight.rules.correlation.CountCondition.Comparison;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Correlation rules written from the specification (SigmaHQ's rule folders have none) parse into the typed model;
 * references resolve across the files loaded together, and what cannot be evaluated is refused with a reason.
 */
class CorrelationRuleTest {
    static final RuleSet LOADED = load();

    private static RuleSet load() {
        try {
            return new RuleLoader().loadDirectory(Path.of(CorrelationRuleTest.class.getResource("/correlation").toURI()));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anEventCountCorrelationRefersToARuleByName() {
        CorrelationRule rule = LOADED.correlation("7a1c2b7e-1f4e-4f55-9d4a-0c6a3c1e0001").orElseThrow();
        assertThat(rule.type()).isEqualTo(CorrelationType.EVENT_COUNT);
        assertThat(rule.rules()).containsExactly("failed_console_login");
        assertThat(rule.groupBy()).containsExactly("sourceIPAddress");
        assertThat(rule.timespan()).isEqualTo(Duration.ofMinutes(15));
        assertThat(rule.condition()).isEqualTo(new CountCondition(Map.of(Comparison.GTE, 10L), null));
        assertThat(rule.metadata().level()).isEqualTo(Level.HIGH);
        assertThat(rule.generate()).isFalse();
        assertThat(LOADED.rule("failed_console_login").orElseThrow().title()).isEqualTo("Failed console login");
    }

    @Test
    void aValueCountCorrelationCountsAFieldWithinARange() {
        CorrelationRule rule = LOADED.correlation("7a1c2b7e-1f4e-4f55-9d4a-0c6a3c1e0003").orElseThrow();
        assertThat(rule.type()).isEqualTo(CorrelationType.VALUE_COUNT);
        assertThat(rule.rules()).containsExactly("7a1c2b7e-1f4e-4f55-9d4a-0c6a3c1e0004");
        assertThat(rule.timespan()).isEqualTo(Duration.ofMinutes(10));
        assertThat(rule.condition()).isEqualTo(new CountCondition(Map.of(Comparison.GT, 20L, Comparison.LTE, 1000L),
                "requestParameters.secretId"));
        assertThat(rule.condition().holds(20)).isFalse();
        assertThat(rule.condition().holds(21)).isTrue();
        assertThat(rule.condition().holds(1001)).isFalse();
    }

    @Test
    void aTemporalCorrelationWithoutConditionNeedsEveryRuleAndCarriesItsAliases() {
        CorrelationRule rule = LOADED.correlation("7a1c2b7e-1f4e-4f55-9d4a-0c6a3c1e0005").orElseThrow();
        assertThat(rule.type()).isEqualTo(CorrelationType.TEMPORAL_ORDERED);
        assertThat(rule.rules()).containsExactly("access_key_created", "logging_stopped");
        assertThat(rule.timespan()).isEqualTo(Duration.ofHours(1));
        assertThat(rule.condition()).isEqualTo(new CountCondition(Map.of(Comparison.GTE, 2L), null));
        assertThat(rule.aliases()).isEqualTo(Map.of("actor", Map.of("access_key_created", "userIdentity.arn",
                "logging_stopped", "userIdentity.arn")));
        assertThat(rule.generate()).isTrue();
    }

    @Test
    void aCorrelationMayBeBuiltOnACorrelation() {
        CorrelationRule rule = LOADED.correlations().stream()
                .filter(c -> c.title().equals("Key and stop, twice in a day")).findFirst().orElseThrow();
        assertThat(rule.rules()).containsExactly("7a1c2b7e-1f4e-4f55-9d4a-0c6a3c1e0005");
        assertThat(rule.condition()).isEqualTo(new CountCondition(Map.of(Comparison.EQ, 2L), null));
        assertThat(rule.timespan()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void exactlyTheseLoadAndTheRestAreRefusedWithTheirReasons() {
        // Files load in path order: mr_console..., mr_key..., mr_refused.yml, mr_secret...
        assertThat(LOADED.correlations()).extracting(CorrelationRule::title).containsExactly(
                "Console login brute force", "Access key created, then logging stopped, by one principal",
                "Key and stop, twice in a day", "Many secrets read by one principal");
        assertThat(LOADED.rules()).extracting(SigmaRule::title).containsExactly("Failed console login",
                "Access key created", "Logging stopped", "Secret value read");
        assertThat(LOADED.refusals()).extracting(refusal -> Path.of(refusal.source()).getFileName() + ":"
                + refusal.line() + ": " + refusal.reason()).containsExactly(
                "mr_refused.yml:20: A value_count correlation needs 'field' in its condition: the field whose distinct"
                        + " values are counted.",
                "mr_refused.yml:30: The timespan '2w' is not a number followed by s, m, h or d; write e.g."
                        + " 'timespan: 15m'.",
                "mr_refused.yml:34: The correlation type 'value_sum' is not supported by FlowSight; use event_count,"
                        + " value_count, temporal or temporal_ordered.",
                "mr_refused.yml:1: The correlation 'Refers to a rule that is not there' refers to 'no_such_rule', which"
                        + " is not the id or name of a rule that loaded (a refused rule does not count); load that rule"
                        + " or fix the reference.",
                "mr_refused.yml:56: The correlation 'Cycle B' refers back to itself through its chain of rules;"
                        + " break the cycle.",
                "mr_refused.yml:68: The correlation 'Cycle C' refers back to itself through its chain of rules;"
                        + " break the cycle.",
                // Refused in the next round: what it builds on was refused.
                "mr_refused.yml:44: The correlation 'Built on a refused correlation' refers to 'cycle_b', which is not"
                        + " the id or name of a rule that loaded (a refused rule does not count); load that rule or fix"
                        + " the reference.");
    }
}
