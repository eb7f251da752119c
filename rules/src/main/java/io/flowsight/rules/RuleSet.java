package io.flowsight.rules;

import io.flowsight.rules.correlation.CorrelationRule;

import java.util.List;
import java.util.Optional;

/**
 * What a load produced: the single-event rules and correlation rules that loaded, and a refusal for every rule
 * document that did not (by file and line). One bad file never stops the others.
 */
public record RuleSet(List<SigmaRule> rules, List<CorrelationRule> correlations, List<Refusal> refusals) {

    /** The single-event rules over one log source. */
    public List<SigmaRule> rulesFor(SigmaLogSource source) {
        return rules.stream().filter(rule -> rule.logSource().source() == source).toList();
    }

    /** The single-event rule with this id or name. */
    public Optional<SigmaRule> rule(String idOrName) {
        return rules.stream().filter(rule -> idOrName.equals(rule.id()) || idOrName.equals(rule.metadata().name()))
                .findFirst();
    }

    /** The correlation rule with this id or name. */
    public Optional<CorrelationRule> correlation(String idOrName) {
        return correlations.stream().filter(rule -> idOrName.equals(rule.id())
                || idOrName.equals(rule.metadata().name())).findFirst();
    }
}
