package io.flowsight.rules.detection;

import io.flowsight.rules.fields.EventFields;
import io.flowsight.rules.fields.FieldPath;
import io.flowsight.rules.fields.FieldValues;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code field|modifiers: values} line of a selection (or a list of keywords, which have no field), compiled.
 * The items of one map are AND-ed by their {@link Selection}.
 */
public sealed interface DetectionItem permits DetectionItem.Values, DetectionItem.Keywords, DetectionItem.IsNull,
        DetectionItem.Exists, DetectionItem.FieldRef {

    boolean matches(EventFields event);

    /** The field read, or empty for keywords. */
    Optional<FieldPath> field();

    /**
     * The lower-case texts of which the field must equal one for this item to hold, when the item says no more
     * than that; the rule index keys rules on them.
     */
    default Optional<Set<String>> requiredValues() {
        return Optional.empty();
    }

    /** Values of a field: any of them ({@code all} absent) or every one of them ({@code |all}). */
    record Values(FieldPath path, List<ValuePredicate> predicates, boolean all) implements DetectionItem {
        @Override
        public boolean matches(EventFields event) {
            return anyOrAll(predicates, all, event.values(path));
        }

        @Override
        public Optional<FieldPath> field() {
            return Optional.of(path);
        }

        @Override
        public Optional<Set<String>> requiredValues() {
            if (all && predicates.size() > 1) {
                return Optional.empty();
            }
            Set<String> texts = new HashSet<>();
            for (ValuePredicate predicate : predicates) {
                Optional<String> exact = predicate.exactText();
                if (exact.isEmpty()) {
                    return Optional.empty();
                }
                texts.add(exact.get());
            }
            return Optional.of(texts);
        }
    }

    /** Keywords: searched in the event's keyword texts (see {@link EventFields#keywordTexts()}). */
    record Keywords(List<ValuePredicate> predicates, boolean all) implements DetectionItem {
        @Override
        public boolean matches(EventFields event) {
            return anyOrAll(predicates, all, event.keywordTexts());
        }

        @Override
        public Optional<FieldPath> field() {
            return Optional.empty();
        }
    }

    /** {@code field: null}: the field is absent or null. */
    record IsNull(FieldPath path) implements DetectionItem {
        @Override
        public boolean matches(EventFields event) {
            return event.values(path).isNullOrAbsent();
        }

        @Override
        public Optional<FieldPath> field() {
            return Optional.of(path);
        }
    }

    /** {@code field|exists: true|false}: the field is present (even when null or empty), or not. */
    record Exists(FieldPath path, boolean expected) implements DetectionItem {
        @Override
        public boolean matches(EventFields event) {
            return !event.values(path).isAbsent() == expected;
        }

        @Override
        public Optional<FieldPath> field() {
            return Optional.of(path);
        }
    }

    /**
     * {@code field|fieldref: other}: a value of {@code field} equals a value of {@code other} in the same event,
     * case-insensitively (or contains, starts or ends with it, with those modifiers). Several references are OR-ed.
     * An absent {@code other} matches nothing, so {@code not} over such a selection holds.
     */
    record FieldRef(FieldPath path, List<FieldPath> references, Position position) implements DetectionItem {
        public enum Position { EQUALS, CONTAINS, STARTSWITH, ENDSWITH }

        @Override
        public boolean matches(EventFields event) {
            List<String> texts = event.values(path).lowerCaseTexts();
            if (texts.isEmpty()) {
                return false;
            }
            for (FieldPath reference : references) {
                for (String wanted : event.values(reference).lowerCaseTexts()) {
                    for (String text : texts) {
                        if (holds(text, wanted)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        private boolean holds(String text, String wanted) {
            return switch (position) {
                case EQUALS -> text.equals(wanted);
                case CONTAINS -> text.contains(wanted);
                case STARTSWITH -> text.startsWith(wanted);
                case ENDSWITH -> text.endsWith(wanted);
            };
        }

        @Override
        public Optional<FieldPath> field() {
            return Optional.of(path);
        }
    }

    private static boolean anyOrAll(List<ValuePredicate> predicates, boolean all, FieldValues values) {
        for (ValuePredicate predicate : predicates) {
            boolean matched = predicate.matches(values);
            if (all && !matched) {
                return false;
            }
            if (!all && matched) {
                return true;
            }
        }
        return all;
    }
}
