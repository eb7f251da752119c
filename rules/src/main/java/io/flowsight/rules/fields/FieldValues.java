package io.flowsight.rules.fields;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What one field holds in one event: no value when the field is absent, one value, or several when the path
 * crossed an array (a Sigma field matches when any of them matches). An element may be null when the event
 * holds an explicit JSON null. The text and lower-case forms are computed once and shared by every rule that
 * reads the field.
 */
public final class FieldValues {
    public static final FieldValues ABSENT = new FieldValues(List.of());

    private final List<Object> values;
    private List<String> texts;
    private List<String> lowerCaseTexts;

    private FieldValues(List<Object> values) {
        this.values = values;
    }

    /** Values as resolved (String, Number, Boolean, or null elements). */
    public static FieldValues of(List<Object> values) {
        return values.isEmpty() ? ABSENT : new FieldValues(Collections.unmodifiableList(values));
    }

    public static FieldValues of(Object value) {
        return value == null ? ABSENT : new FieldValues(List.of(value));
    }

    public List<Object> values() {
        return values;
    }

    /** True when the event has no such field. */
    public boolean isAbsent() {
        return values.isEmpty();
    }

    /** Sigma's {@code field: null}: the field is absent, or every value it has is null. */
    public boolean isNullOrAbsent() {
        for (Object value : values) {
            if (value != null) {
                return false;
            }
        }
        return true;
    }

    /** The non-null values as text (numbers and booleans as written: {@code 404}, {@code true}). */
    public List<String> texts() {
        if (texts == null) {
            List<String> result = new ArrayList<>(values.size());
            for (Object value : values) {
                if (value != null) {
                    result.add(value.toString());
                }
            }
            texts = result;
        }
        return texts;
    }

    /** {@link #texts()} in lower case, for Sigma's case-insensitive string matching. */
    public List<String> lowerCaseTexts() {
        if (lowerCaseTexts == null) {
            List<String> result = new ArrayList<>(texts().size());
            for (String text : texts()) {
                result.add(text.toLowerCase(Locale.ROOT));
            }
            lowerCaseTexts = result;
        }
        return lowerCaseTexts;
    }
}
