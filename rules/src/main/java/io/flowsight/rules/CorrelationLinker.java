package io.flowsight.rules;

import io.flowsight.rules.correlation.CorrelationRule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that every correlation rule refers to rules that loaded (by id or name, across all the files loaded
 * together), and that correlations chained on correlations form no cycle. A correlation whose reference is missing
 * or was refused is refused in turn, and so are the correlations built on it.
 */
final class CorrelationLinker {

    record Linked(List<CorrelationRule> correlations, List<Refusal> refusals) {
    }

    private CorrelationLinker() {
    }

    static Linked link(List<SigmaRule> rules, List<CorrelationRule> candidates) {
        Set<String> singleRules = new HashSet<>();
        for (SigmaRule rule : rules) {
            addNames(singleRules, rule.metadata());
        }
        List<CorrelationRule> accepted = new ArrayList<>(candidates);
        List<Refusal> refusals = new ArrayList<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            Map<String, CorrelationRule> correlations = new HashMap<>();
            for (CorrelationRule correlation : accepted) {
                for (String name : names(correlation.metadata())) {
                    correlations.put(name, correlation);
                }
            }
            for (CorrelationRule correlation : List.copyOf(accepted)) {
                String problem = problem(correlation, singleRules, correlations);
                if (problem != null) {
                    accepted.remove(correlation);
                    refusals.add(new Refusal(correlation.source(), correlation.line(), problem));
                    changed = true;
                }
            }
        }
        return new Linked(List.copyOf(accepted), refusals);
    }

    private static String problem(CorrelationRule correlation, Set<String> singleRules,
                                  Map<String, CorrelationRule> correlations) {
        for (String reference : correlation.rules()) {
            if (!singleRules.contains(reference) && !correlations.containsKey(reference)) {
                return "The correlation '" + correlation.title() + "' refers to '" + reference + "', which is not the id"
                        + " or name of a rule that loaded (a refused rule does not count); load that rule or fix the"
                        + " reference.";
            }
        }
        if (reachesItself(correlation, correlation, correlations, new HashSet<>())) {
            return "The correlation '" + correlation.title() + "' refers back to itself through its chain of rules;"
                    + " break the cycle.";
        }
        return null;
    }

    private static boolean reachesItself(CorrelationRule start, CorrelationRule current,
                                         Map<String, CorrelationRule> correlations, Set<CorrelationRule> visited) {
        for (String reference : current.rules()) {
            CorrelationRule next = correlations.get(reference);
            if (next == start) {
                return true;
            }
            if (next != null && visited.add(next) && reachesItself(start, next, correlations, visited)) {
                return true;
            }
        }
        return false;
    }

    private static void addNames(Set<String> names, RuleMetadata metadata) {
        names.addAll(names(metadata));
    }

    private static List<String> names(RuleMetadata metadata) {
        List<String> names = new ArrayList<>(2);
        if (metadata.id() != null) {
            names.add(metadata.id());
        }
        if (metadata.name() != null) {
            names.add(metadata.name());
        }
        return names;
    }
}
