package io.flowsight.topology.findings.correlation;

import io.flowsight.schemas.Finding;

import java.util.List;

/**
 * One event that a rule referenced by a correlation matched, on its way to that correlation's window: what the
 * aggregation needs (which rule, the counted value) and the single-event finding, whose key fields the correlation's
 * finding takes from the last contributing event.
 *
 * @param correlationId the correlation's id ({@link CorrelationKey} the key it travels under)
 * @param groupValues   the values of the correlation's {@code group-by} fields in this event, in that order
 * @param rule          the referenced rule as the correlation writes it (its id or name)
 * @param value         for {@code value_count}, the counted field's value in this event; otherwise null
 * @param finding       the referenced rule's finding for this event (emitted or not, as {@code generate} says)
 */
public record CorrelationEvent(String correlationId, List<String> groupValues, String rule, String value,
                               Finding finding) {

    public long eventTime() {
        return finding.getEventTime().toEpochMilli();
    }
}
