package io.flowsight.rules.detection;

import io.flowsight.rules.fields.EventFields;
import io.flowsight.rules.fields.FieldPath;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The detection of a single-event rule: its selections and the condition over them, as written and compiled. */
public record Detection(List<Selection> selections, Condition condition, List<String> conditionText) {

    public boolean matches(EventFields event) {
        return condition.evaluate(new Memo(event));
    }

    /** The names of the selections the event satisfies (all evaluated; used to explain a match, not to decide it). */
    public List<String> matchedSelections(EventFields event) {
        List<String> names = new ArrayList<>();
        for (Selection selection : selections) {
            if (selection.matches(event)) {
                names.add(selection.name());
            }
        }
        return names;
    }

    /** See {@link Condition#requiredValues}. */
    public Optional<Set<String>> requiredValues(FieldPath field) {
        return condition.requiredValues(field, selections);
    }

    private final class Memo implements Condition.SelectionResults {
        private final EventFields event;
        private final byte[] state = new byte[selections.size()];

        Memo(EventFields event) {
            this.event = event;
        }

        @Override
        public boolean matched(int selectionIndex) {
            if (state[selectionIndex] == 0) {
                state[selectionIndex] = selections.get(selectionIndex).matches(event) ? (byte) 1 : (byte) 2;
            }
            return state[selectionIndex] == 1;
        }
    }
}
