package io.flowsight.topology.findings.correlation;

import io.flowsight.rules.RuleMetadata;
import io.flowsight.rules.correlation.CorrelationRule;
import io.flowsight.schemas.Finding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A correlation that held for one group in one window, as a {@link Finding}: what the correlation says about itself
 * (id, title, level, author, tags, references), the referenced rules that contributed as its matched selections, and
 * the key fields of the event that completed the window. Its event id names the correlation, the group and the
 * window's first contributing event, so a replay of the same events gives the same finding id.
 */
public final class CorrelationFindings {
    private CorrelationFindings() {
    }

    /** @param window the window's contributing events, in event-time order (the last one completed it) */
    public static Finding of(CorrelationRule correlation, List<CorrelationEvent> window) {
        CorrelationEvent first = window.get(0);
        CorrelationEvent last = window.get(window.size() - 1);
        RuleMetadata metadata = correlation.metadata();
        String id = EvaluatedCorrelations.idOf(correlation);
        String eventId = eventId(id, last.groupValues(), first.finding().getEventTime());
        return Finding.newBuilder(last.finding())
                .setFindingId(id + "|" + eventId)
                .setRuleId(id)
                .setRuleTitle(metadata.title())
                .setRuleLevel(metadata.level() == null ? null : metadata.level().name().toLowerCase(Locale.ROOT))
                .setRuleAuthor(metadata.author())
                .setRuleTags(metadata.tags())
                .setRuleReferences(metadata.references())
                .setMatchedSelections(contributingRules(correlation, window))
                .setEventId(eventId)
                .build();
    }

    /** {@code correlation id|group value|…|window start}. */
    static String eventId(String correlationId, List<String> groupValues, Instant windowStart) {
        List<String> parts = new ArrayList<>(groupValues.size() + 2);
        parts.add(correlationId);
        parts.addAll(groupValues);
        parts.add(windowStart.toString());
        return String.join("|", parts);
    }

    /** The referenced rules with an event in the window, in the order the correlation lists them. */
    private static List<String> contributingRules(CorrelationRule correlation, List<CorrelationEvent> window) {
        return correlation.rules().stream()
                .filter(rule -> window.stream().anyMatch(event -> event.rule().equals(rule)))
                .toList();
    }
}
