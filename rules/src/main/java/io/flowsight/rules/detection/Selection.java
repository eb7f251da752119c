package io.flowsight.rules.detection;

import io.flowsight.rules.fields.EventFields;
import io.flowsight.rules.fields.FieldPath;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A named search identifier of a detection: a map (its items AND-ed) or a list of maps (OR-ed), held uniformly
 * as alternatives of AND-ed items. A list of plain values (keywords) is one alternative with one keyword item.
 */
public record Selection(String name, List<List<DetectionItem>> alternatives) {

    public boolean matches(EventFields event) {
        for (List<DetectionItem> items : alternatives) {
            if (allMatch(items, event)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allMatch(List<DetectionItem> items, EventFields event) {
        for (DetectionItem item : items) {
            if (!item.matches(event)) {
                return false;
            }
        }
        return true;
    }

    /** The texts {@code field} must equal one of for this selection to match, when every alternative says so. */
    public Optional<Set<String>> requiredValues(FieldPath field) {
        Set<String> union = new HashSet<>();
        for (List<DetectionItem> items : alternatives) {
            Optional<Set<String>> required = requiredIn(items, field);
            if (required.isEmpty()) {
                return Optional.empty();
            }
            union.addAll(required.get());
        }
        return union.isEmpty() ? Optional.empty() : Optional.of(union);
    }

    private static Optional<Set<String>> requiredIn(List<DetectionItem> items, FieldPath field) {
        for (DetectionItem item : items) {
            if (item.field().map(path -> path.segments().equals(field.segments())).orElse(false)) {
                Optional<Set<String>> values = item.requiredValues();
                if (values.isPresent()) {
                    return values;
                }
            }
        }
        return Optional.empty();
    }
}
