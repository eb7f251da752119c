package io.flowsight.topology.findings;

import io.flowsight.rules.RuleMatcher;
import io.flowsight.rules.RuleSet;
import io.flowsight.rules.SigmaRule;
import io.flowsight.rules.correlation.CorrelationRule;
import io.flowsight.topology.findings.correlation.EvaluatedCorrelations;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One immutable generation of the rules the topology runs: which single-event rules report their own matches, which
 * correlations are evaluated and which rules feed them, and per log one matcher over both kinds, so each record is
 * matched once whatever it is matched for. Replaced whole by {@link RuleBook} when the rules change.
 */
public final class CompiledRules {
    private final Set<SigmaRule> standalone;
    private final EvaluatedCorrelations correlations;
    private final Map<String, CorrelationRule> correlationsById;
    private final List<SigmaRule> matched;
    private final Map<String, RuleMatcher<?>> matchersByLog = new ConcurrentHashMap<>();

    private CompiledRules(RuleSet rules, Duration maxTimespan) {
        this.standalone = Collections.newSetFromMap(new IdentityHashMap<>());
        this.standalone.addAll(StandaloneRules.of(rules));
        this.correlations = EvaluatedCorrelations.of(rules, maxTimespan);
        this.correlationsById = correlations.correlations().stream()
                .collect(Collectors.toMap(EvaluatedCorrelations::idOf, Function.identity(), (a, b) -> a));
        Set<SigmaRule> union = new LinkedHashSet<>(StandaloneRules.of(rules));
        union.addAll(correlations.referencedRules());
        this.matched = List.copyOf(union);
    }

    /** @param maxTimespan the longest correlation timespan the correlation stores keep */
    public static CompiledRules of(RuleSet rules, Duration maxTimespan) {
        return new CompiledRules(rules, maxTimespan);
    }

    /** The matcher of {@code source}'s log over every rule that reports or feeds a correlation; built once. */
    @SuppressWarnings("unchecked")
    public <V> RuleMatcher<V> matcher(FindingSource<V> source) {
        return (RuleMatcher<V>) matchersByLog.computeIfAbsent(source.logType(), log -> source.matcher(matched));
    }

    /** Whether a match of {@code rule} is a finding of its own (see {@link StandaloneRules}). */
    public boolean reportsOwnMatches(SigmaRule rule) {
        return standalone.contains(rule);
    }

    public EvaluatedCorrelations correlations() {
        return correlations;
    }

    /** The evaluated correlation with this id ({@link EvaluatedCorrelations#idOf}). */
    public Optional<CorrelationRule> correlation(String id) {
        return Optional.ofNullable(correlationsById.get(id));
    }
}
