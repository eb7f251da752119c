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
     * {@code temporal}: the distinct referenced rules that matched; {@code temporal_ordered}: how many of the
     * referenced rules, in the order the correlation lists them, matched one after another (the first at or after
     * the window's start, each next one at or after the previous), so the condition "all of them" holds only for the
     * listed order.
     */
    public static long of(CorrelationRule correlation, List<CorrelationEvent> window) {
        return switch (correlation.type()) {
            case EVENT_COUNT -> window.size();
            case VALUE_COUNT -> distinct(window, CorrelationEvent::value);
            case TEMPORAL -> distinct(window, CorrelationEvent::rule);
            case TEMPORAL_ORDERED -> inOrder(correlation.rules(), window);
        };
    }

    /** The longest prefix of {@code order} the window's events (in event-time order) match as a subsequence. */
    private static long inOrder(List<String> order, List<CorrelationEvent> window) {
        int next = 0;
        for (CorrelationEvent event : window) {
            if (next < order.size() && order.get(next).equals(event.rule())) {
                next++;
            }
        }
        return next;
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
