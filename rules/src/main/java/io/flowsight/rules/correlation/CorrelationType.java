package io.flowsight.rules.correlation;

import java.util.Locale;
import java.util.Optional;

/** The correlation types FlowSight parses (the metric types value_sum, value_avg and value_percentile are refused). */
public enum CorrelationType {
    /** Events matching the referenced rules, counted per group within the timespan. */
    EVENT_COUNT,
    /** Distinct values of a field among those events, per group within the timespan. */
    VALUE_COUNT,
    /** Every referenced rule matched, in any order, per group within the timespan. */
    TEMPORAL,
    /** Every referenced rule matched in the order listed, per group within the timespan. */
    TEMPORAL_ORDERED;

    public String written() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CorrelationType> named(String text) {
        for (CorrelationType type : values()) {
            if (type.written().equals(text)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
