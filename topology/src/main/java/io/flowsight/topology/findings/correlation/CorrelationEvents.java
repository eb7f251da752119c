package io.flowsight.topology.findings.correlation;

import io.flowsight.rules.correlation.CorrelationRule;
import io.flowsight.rules.fields.EventFields;
import io.flowsight.rules.fields.FieldPath;
import io.flowsight.rules.fields.FieldValues;
import io.flowsight.schemas.Finding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link CorrelationEvent} a rule's match sends to one correlation it feeds. The {@code group-by} fields (and
 * {@code value_count}'s field) are Sigma names resolved as the rules resolve them, through a correlation's
 * {@code aliases} when it names one. An event that lacks one of them belongs to no group and feeds nothing, as an
 * absent field forms no group in a SIEM's {@code by} clause.
 */
public final class CorrelationEvents {
    private CorrelationEvents() {
    }

    /**
     * The event for {@code reference}'s correlation, or null when the event lacks a field the correlation groups by or
     * counts.
     *
     * @param fields  the matched event's fields
     * @param finding the matched rule's finding for the event
     */
    public static CorrelationEvent of(EvaluatedCorrelations.Reference reference, EventFields fields, Finding finding) {
        CorrelationRule correlation = reference.correlation();
        List<String> group = groupValues(correlation, reference.written(), fields);
        if (group == null) {
            return null;
        }
        String value = null;
        if (correlation.condition().field() != null) {
            value = value(correlation, reference.written(), correlation.condition().field(), fields);
            if (value == null) {
                return null;
            }
        }
        return new CorrelationEvent(EvaluatedCorrelations.idOf(correlation), group, reference.written(), value,
                finding);
    }

    /** The group-by values in the correlation's order; null when the event lacks one of the fields. */
    private static List<String> groupValues(CorrelationRule correlation, String rule, EventFields fields) {
        List<String> values = new ArrayList<>(correlation.groupBy().size());
        for (String field : correlation.groupBy()) {
            String value = value(correlation, rule, field, fields);
            if (value == null) {
                return null;
            }
            values.add(value);
        }
        return values;
    }

    /** A field's value (several, from an array, joined by commas); null when absent or null. */
    private static String value(CorrelationRule correlation, String rule, String field, EventFields fields) {
        String name = field;
        Map<String, String> alias = correlation.aliases().get(field);
        if (alias != null) {
            name = alias.get(rule);
            if (name == null) {
                return null;
            }
        }
        FieldValues values = fields.values(FieldPath.of(name));
        return values.texts().isEmpty() ? null : String.join(",", values.texts());
    }
}
