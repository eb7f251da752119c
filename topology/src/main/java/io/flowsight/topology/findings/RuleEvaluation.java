package io.flowsight.topology.findings;

import io.flowsight.rules.RuleMatch;
import io.flowsight.rules.RuleMatcher;
import io.flowsight.schemas.Finding;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.List;

/**
 * Runs the single-event rules over each raw record and sends one {@link Finding} per matching rule, keyed
 * {@code rule_id|event_id}. Stateless and placed on the raw stream itself, before any window: a record matches its
 * rules however late it arrives. Heartbeats (records without a value) pass by.
 */
public final class RuleMatchProcessor<V> implements Processor<String, V, String, Finding> {
    private final RuleMatcher<V> matcher;
    private final FindingSource<V> source;
    private ProcessorContext<String, Finding> context;

    public RuleMatchProcessor(RuleMatcher<V> matcher, FindingSource<V> source) {
        this.matcher = matcher;
        this.source = source;
    }

    @Override
    public void init(ProcessorContext<String, Finding> context) {
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
        Finding.Builder event = source.describe(record.value());
        for (RuleMatch match : matches) {
            Finding finding = RuleFindings.of(event, match);
            context.forward(record.withKey(finding.getFindingId()).withValue(finding));
        }
    }
}
