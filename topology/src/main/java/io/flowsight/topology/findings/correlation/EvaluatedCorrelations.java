package io.flowsight.topology.findings.correlation;

import io.flowsight.rules.RuleSet;
import io.flowsight.rules.SigmaRule;
import io.flowsight.rules.correlation.CorrelationRule;
import io.flowsight.topology.TopologyConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The correlation rules the topology evaluates, and for each single-event rule the correlations it feeds. Two kinds
 * load but are not evaluated, each logged when the rules are loaded: a correlation that refers to another
 * correlation (a chain, not evaluated yet), and one whose timespan is longer than the correlation stores keep events.
 */
public final class EvaluatedCorrelations {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluatedCorrelations.class);

    /** A correlation fed by a rule, and how the correlation writes that rule (its id or name). */
    public record Reference(CorrelationRule correlation, String written) {
    }

    private final List<CorrelationRule> correlations;
    private final Map<SigmaRule, List<Reference>> referencesByRule;

    private EvaluatedCorrelations(List<CorrelationRule> correlations, Map<SigmaRule, List<Reference>> references) {
        this.correlations = correlations;
        this.referencesByRule = references;
    }

    /** @param maxTimespan the longest timespan the correlation stores keep events for */
    public static EvaluatedCorrelations of(RuleSet rules, Duration maxTimespan) {
        List<CorrelationRule> evaluated = new ArrayList<>();
        Map<SigmaRule, List<Reference>> references = new IdentityHashMap<>();
        for (CorrelationRule correlation : rules.correlations()) {
            Optional<String> reason = whyNotEvaluated(correlation, rules, maxTimespan);
            if (reason.isPresent()) {
                LOG.warn("Sigma correlation '{}' ({} line {}) loaded but is not evaluated: {}", correlation.title(),
                        correlation.source(), correlation.line(), reason.get());
                continue;
            }
            evaluated.add(correlation);
            for (String written : correlation.rules()) {
                SigmaRule rule = rules.rule(written).orElseThrow();
                references.computeIfAbsent(rule, r -> new ArrayList<>()).add(new Reference(correlation, written));
            }
        }
        return new EvaluatedCorrelations(List.copyOf(evaluated), references);
    }

    private static Optional<String> whyNotEvaluated(CorrelationRule correlation, RuleSet rules,
                                                    Duration maxTimespan) {
        if (correlation.timespan().compareTo(maxTimespan) > 0) {
            return Optional.of("its timespan " + correlation.timespan() + " is longer than "
                    + TopologyConfig.RULES_MAX_TIMESPAN_CONFIG + " (" + maxTimespan + "); raise that setting and restart.");
        }
        for (String written : correlation.rules()) {
            if (rules.rule(written).isEmpty()) {
                return Optional.of("it refers to the correlation '" + written + "', and chained correlations are not"
                        + " evaluated yet; refer to the single-event rules instead.");
            }
        }
        return Optional.empty();
    }

    public boolean isEmpty() {
        return correlations.isEmpty();
    }

    public List<CorrelationRule> correlations() {
        return correlations;
    }

    /** The single-event rules some evaluated correlation refers to, generating or not. */
    public List<SigmaRule> referencedRules() {
        return List.copyOf(referencesByRule.keySet());
    }

    /** The evaluated correlations {@code rule} feeds; empty for a rule no correlation refers to. */
    public List<Reference> fedBy(SigmaRule rule) {
        return referencesByRule.getOrDefault(rule, List.of());
    }

    /** A correlation's id; Sigma makes it optional, so one without goes by its name, else its title. */
    public static String idOf(CorrelationRule correlation) {
        if (correlation.id() != null) {
            return correlation.id();
        }
        return correlation.metadata().name() != null ? correlation.metadata().name() : correlation.title();
    }
}
