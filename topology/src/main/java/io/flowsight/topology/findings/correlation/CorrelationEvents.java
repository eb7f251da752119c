package io.flowsight.topology.findings.correlation;

import io.flowsight.rules.RuleMatch;
import io.flowsight.rules.RuleMatcher;
import io.flowsight.rules.correlation.CorrelationRule;
import io.flowsight.rules.fields.EventFields;
import io.flowsight.rules.fields.FieldPath;
import io.flowsight.rules.fields.FieldValues;
import io.flowsight.schemas.Finding;
import io.flowsight.topology.findings.FindingSource;
import io.flowsight.topology.findings.RuleFindings;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the rules correlations refer to over each raw record and sends, per correlation a match feeds, a
 * {@link CorrelationEvent} keyed by {@link CorrelationKey} (correlation id and group values), for the repartition
 * that brings each group's events together. The {@code group-by} fields (and {@code value_count}'s field) are Sigma
 * names resolved as the rules resolve them, through a correlation's {@code aliases} when it names one. An event
 * that lacks one of them belongs to no group and feeds nothing, as an absent field forms no group in a SIEM's
 * {@code by} clause. Stateless, like the rule matcher beside it: every match is sent, however late.
 */
public final class CorrelationFeed<V> implements Processor<String, V, String, CorrelationEvent> {
    private final RuleMatcher<V> matcher;
    private final FindingSource<V> source;
    private final EvaluatedCorrelations correlations;
    private ProcessorContext<String, CorrelationEvent> context;

    public CorrelationFeed(RuleMatcher<V> matcher, FindingSource<V> source, EvaluatedCorrelations correlations) {
        this.matcher = matcher;
        this.source = source;
        this.correlations = correlations;
    }

    @Override
    public void init(ProcessorContext<String, CorrelationEvent> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.value() == null) {
            return;
        }
        List<RuleMatch> matches = matcher.match(record.value());
        if (matches.isEmpty()) {
            return;
        }
        Finding.Builder described = source.describe(record.value());
        EventFields fields = source.fields(record.value());
        for (RuleMatch match : matches) {
            Finding finding = RuleFindings.of(described, match);
            for (EvaluatedCorrelations.Reference reference : correlations.fedBy(match.rule())) {
                CorrelationRule correlation = reference.correlation();
                List<String> group = groupValues(correlation, reference.written(), fields);
                if (group == null) {
                    continue;
                }
                String value = null;
                if (correlation.condition().field() != null) {
                    value = value(correlation, reference.written(), correlation.condition().field(), fields);
                    if (value == null) {
                        continue;
                    }
                }
                String id = EvaluatedCorrelations.idOf(correlation);
                context.forward(record.withKey(CorrelationKey.of(id, group))
                        .withValue(new CorrelationEvent(id, group, reference.written(), value, finding)));
            }
        }
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
