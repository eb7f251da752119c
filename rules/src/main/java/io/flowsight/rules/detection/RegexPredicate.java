package io.flowsight.rules.detection;

import com.google.re2j.Pattern;
import io.flowsight.rules.fields.FieldValues;

/**
 * Sigma's {@code re}: the pattern is searched for (not anchored unless it says {@code ^}/{@code $}),
 * case-sensitively unless the {@code i} sub-modifier is given. RE2/J runs in time linear in the text, so a
 * pattern like {@code (a+)+$} cannot be turned against FlowSight by a crafted log line.
 */
public record RegexPredicate(Pattern pattern) implements ValuePredicate {

    @Override
    public boolean matches(FieldValues values) {
        for (String text : values.texts()) {
            if (pattern.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }
}
