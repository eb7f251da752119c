package io.flowsight.rules.detection;

import io.flowsight.rules.fields.FieldValues;

import java.util.List;
import java.util.Optional;

/**
 * Case-insensitive string matching with wildcards: plain values, {@code contains}, {@code startswith},
 * {@code endswith}, and the encodings {@code base64}/{@code base64offset} (which may stand for several
 * alternative texts). With {@code windash} the dash-like characters are folded to one on both sides, which is
 * the same as trying every permutation of them and costs nothing extra.
 */
public record StringPredicate(List<WildcardPattern> alternatives, boolean windash) implements ValuePredicate {

    @Override
    public boolean matches(FieldValues values) {
        for (String text : values.lowerCaseTexts()) {
            String subject = windash ? WindowsDash.fold(text) : text;
            for (WildcardPattern pattern : alternatives) {
                if (pattern.matches(subject)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public Optional<String> exactText() {
        return alternatives.size() == 1 && !windash ? alternatives.get(0).exactText() : Optional.empty();
    }
}
