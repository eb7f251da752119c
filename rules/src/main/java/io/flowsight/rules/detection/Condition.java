package io.flowsight.rules.detection;

import io.flowsight.rules.fields.FieldPath;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed Sigma condition. {@code 1 of x*} and {@code all of x*} are expanded at load into {@link AnyOf} and
 * {@link AllOf} of the selections they name, so evaluation knows only and, or, not and selection references.
 */
public sealed interface Condition permits Condition.AllOf, Condition.AnyOf, Condition.Not, Condition.Ref {

    /** Evaluates with each selection's result computed at most once per event. */
    boolean evaluate(SelectionResults results);

    /**
     * Texts of {@code field} of which one must be present for the condition to hold (a necessary condition, so a
     * record whose field has none of them can skip the rule), or empty when the condition does not say.
     */
    Optional<Set<String>> requiredValues(FieldPath field, List<Selection> selections);

    /** Per-event memo of selection results, so a selection named twice in a condition is evaluated once. */
    interface SelectionResults {
        boolean matched(int selectionIndex);
    }

    record Ref(String name, int index) implements Condition {
        @Override
        public boolean evaluate(SelectionResults results) {
            return results.matched(index);
        }

        @Override
        public Optional<Set<String>> requiredValues(FieldPath field, List<Selection> selections) {
            return selections.get(index).requiredValues(field);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    record Not(Condition operand) implements Condition {
        @Override
        public boolean evaluate(SelectionResults results) {
            return !operand.evaluate(results);
        }

        @Override
        public Optional<Set<String>> requiredValues(FieldPath field, List<Selection> selections) {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "not " + operand;
        }
    }

    record AllOf(List<Condition> operands) implements Condition {
        @Override
        public boolean evaluate(SelectionResults results) {
            for (Condition operand : operands) {
                if (!operand.evaluate(results)) {
                    return false;
                }
            }
            return true;
        }

        /** Every operand must hold, so whatever any of them requires is required: the intersection. */
        @Override
        public Optional<Set<String>> requiredValues(FieldPath field, List<Selection> selections) {
            Set<String> intersection = null;
            for (Condition operand : operands) {
                Optional<Set<String>> required = operand.requiredValues(field, selections);
                if (required.isPresent()) {
                    if (intersection == null) {
                        intersection = new HashSet<>(required.get());
                    } else {
                        intersection.retainAll(required.get());
                    }
                }
            }
            return Optional.ofNullable(intersection);
        }

        @Override
        public String toString() {
            return "(" + String.join(" and ", operands.stream().map(Object::toString).toList()) + ")";
        }
    }

    record AnyOf(List<Condition> operands) implements Condition {
        @Override
        public boolean evaluate(SelectionResults results) {
            for (Condition operand : operands) {
                if (operand.evaluate(results)) {
                    return true;
                }
            }
            return false;
        }

        /** One operand suffices, so only when every operand requires values is their union required. */
        @Override
        public Optional<Set<String>> requiredValues(FieldPath field, List<Selection> selections) {
            Set<String> union = new HashSet<>();
            for (Condition operand : operands) {
                Optional<Set<String>> required = operand.requiredValues(field, selections);
                if (required.isEmpty()) {
                    return Optional.empty();
                }
                union.addAll(required.get());
            }
            return Optional.of(union);
        }

        @Override
        public String toString() {
            return "(" + String.join(" or ", operands.stream().map(Object::toString).toList()) + ")";
        }
    }
}
