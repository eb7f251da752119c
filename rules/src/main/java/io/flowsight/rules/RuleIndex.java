package io.flowsight.rules;

import io.flowsight.rules.fields.EventFields;
import io.flowsight.rules.fields.FieldPath;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Narrows the rules a record must be tested against. For each rule, the first index field its condition pins to
 * a set of values (every way of matching requires {@code eventName} to be one of them, say) keys the rule on those
 * values; a record is then tested only against the rules keyed on its own values of those fields, plus the rules
 * no field pins down. This is a necessary condition only: candidates are still evaluated in full.
 */
final class RuleIndex {
    private final List<FieldPath> fields;
    /** Per index field: lower-case value → ordinals of the rules keyed on it. */
    private final List<Map<String, int[]>> keyed;
    private final BitSet unkeyed = new BitSet();
    private final int ruleCount;

    RuleIndex(List<SigmaRule> rules, List<FieldPath> fields) {
        this.fields = fields;
        this.ruleCount = rules.size();
        List<Map<String, List<Integer>>> building = new ArrayList<>();
        for (int f = 0; f < fields.size(); f++) {
            building.add(new HashMap<>());
        }
        for (int ordinal = 0; ordinal < rules.size(); ordinal++) {
            if (!key(rules.get(ordinal), ordinal, building)) {
                unkeyed.set(ordinal);
            }
        }
        keyed = new ArrayList<>();
        for (Map<String, List<Integer>> byValue : building) {
            Map<String, int[]> frozen = new HashMap<>();
            byValue.forEach((value, ordinals) -> frozen.put(value, ordinals.stream().mapToInt(Integer::intValue).toArray()));
            keyed.add(frozen);
        }
    }

    private boolean key(SigmaRule rule, int ordinal, List<Map<String, List<Integer>>> building) {
        for (int f = 0; f < fields.size(); f++) {
            Optional<Set<String>> values = rule.detection().requiredValues(fields.get(f));
            if (values.isPresent()) {
                for (String value : values.get()) {
                    building.get(f).computeIfAbsent(value, v -> new ArrayList<>()).add(ordinal);
                }
                return true;
            }
        }
        return false;
    }

    /** Ordinals of the rules {@code event} could match, ascending. */
    BitSet candidates(EventFields event) {
        BitSet candidates = (BitSet) unkeyed.clone();
        for (int f = 0; f < fields.size(); f++) {
            Map<String, int[]> byValue = keyed.get(f);
            if (byValue.isEmpty()) {
                continue;
            }
            for (String value : event.values(fields.get(f)).lowerCaseTexts()) {
                int[] ordinals = byValue.get(value);
                if (ordinals != null) {
                    for (int ordinal : ordinals) {
                        candidates.set(ordinal);
                    }
                }
            }
        }
        return candidates;
    }

    /** How many rules every record is tested against, for the index's own statistics. */
    int unkeyedCount() {
        return unkeyed.cardinality();
    }

    int ruleCount() {
        return ruleCount;
    }
}
