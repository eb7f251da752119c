package io.flowsight.rules.correlation;

import java.util.Map;

/**
 * A correlation's {@code condition}: bounds on a count, AND-ed ({@code gt: 100} with {@code lte: 200} is a range),
 * and for {@code value_count} the field whose distinct values are counted.
 *
 * @param field null unless the correlation counts distinct values
 */
public record CountCondition(Map<Comparison, Long> bounds, String field) {

    public enum Comparison {
        GT, GTE, LT, LTE, EQ, NEQ;

        boolean holds(long count, long bound) {
            return switch (this) {
                case GT -> count > bound;
                case GTE -> count >= bound;
                case LT -> count < bound;
                case LTE -> count <= bound;
                case EQ -> count == bound;
                case NEQ -> count != bound;
            };
        }
    }

    /** Whether a count satisfies every bound. */
    public boolean holds(long count) {
        for (Map.Entry<Comparison, Long> bound : bounds.entrySet()) {
            if (!bound.getKey().holds(count, bound.getValue())) {
                return false;
            }
        }
        return true;
    }
}
