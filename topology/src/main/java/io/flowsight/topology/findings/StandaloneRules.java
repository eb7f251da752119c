package io.flowsight.topology.findings;

import io.flowsight.rules.RuleSet;
import io.flowsight.rules.SigmaRule;
import io.flowsight.rules.correlation.CorrelationRule;

import java.util.List;

/**
 * The single-event rules that report their own matches. A rule a correlation refers to is, by Sigma's default
 * ({@code generate: false}), only a building block of that correlation and reports nothing on its own; it does when
 * any correlation referring to it says {@code generate: true}, or when none refers to it.
 */
public final class StandaloneRules {
    private StandaloneRules() {
    }

    public static List<SigmaRule> of(RuleSet rules) {
        return rules.rules().stream().filter(rule -> generates(rule, rules.correlations())).toList();
    }

    private static boolean generates(SigmaRule rule, List<CorrelationRule> correlations) {
        boolean referred = false;
        for (CorrelationRule correlation : correlations) {
            if (refersTo(correlation, rule)) {
                if (correlation.generate()) {
                    return true;
                }
                referred = true;
            }
        }
        return !referred;
    }

    private static boolean refersTo(CorrelationRule correlation, SigmaRule rule) {
        String name = rule.metadata().name();
        return (rule.id() != null && correlation.rules().contains(rule.id()))
                || (name != null && correlation.rules().contains(name));
    }
}
