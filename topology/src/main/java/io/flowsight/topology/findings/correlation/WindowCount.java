package io.flowsight.topology.findings.correlation;

import io.flowsight.rules.correlation.CorrelationRule;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** What a correlation's condition is compared with, over the events of one window of one group. */
public final class WindowCount {
    private WindowCount() {
    }

    /**
     * {@code event_count}: the events; {@code value_count}: the distinct values of the condition's field;
     * {@code temporal}: the distinct referenced rules that matched.
     */
    public static long of(CorrelationRule correlation, List<CorrelationEvent> window) {
        return switch (correlation.type()) {
            case EVENT_COUNT -> window.size();
            case VALUE_COUNT -> distinct(window, CorrelationEvent::value);
            case TEMPORAL -> distinct(window, CorrelationEvent::rule);
            case TEMPORAL_ORDERED -> throw new IllegalArgumentException(
                    "temporal_ordered correlations are not evaluated (EvaluatedCorrelations leaves them out).");
        };
    }

    private static long distinct(List<CorrelationEvent> window,
                                 Function<CorrelationEvent, String> what) {
        Set<String> seen = new HashSet<>();
        for (CorrelationEvent event : window) {
            seen.add(what.apply(event));
        }
        return seen.size();
    }
}
