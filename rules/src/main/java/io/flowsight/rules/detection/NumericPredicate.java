package io.flowsight.rules.detection;

import io.flowsight.rules.fields.FieldValues;

import java.math.BigDecimal;

/** Sigma's {@code gt}, {@code gte}, {@code lt}, {@code lte}: the field is a number compared with the rule's. Non-numbers never match. */
public record NumericPredicate(Comparison comparison, BigDecimal bound) implements ValuePredicate {

    public enum Comparison {
        GT, GTE, LT, LTE;

        boolean holds(int comparedToBound) {
            return switch (this) {
                case GT -> comparedToBound > 0;
                case GTE -> comparedToBound >= 0;
                case LT -> comparedToBound < 0;
                case LTE -> comparedToBound <= 0;
            };
        }
    }

    @Override
    public boolean matches(FieldValues values) {
        for (String text : values.texts()) {
            BigDecimal number = parse(text);
            if (number != null && comparison.holds(number.compareTo(bound))) {
                return true;
            }
        }
        return false;
    }

    static BigDecimal parse(String text) {
        String trimmed = text.trim();
        // Bounded so that a hostile 100 KB "number" cannot cost BigDecimal's super-linear parsing.
        if (trimmed.isEmpty() || trimmed.length() > 64) {
            return null;
        }
        try {
            return new BigDecimal(trimmed);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
