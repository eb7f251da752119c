package io.flowsight.topology.findings;

import io.flowsight.rules.RuleMatch;
import io.flowsight.rules.RuleMatcher;
import io.flowsight.rules.fields.EventFields;
import io.flowsight.schemas.Finding;
import io.flowsight.schemas.RuleDocument;
import io.flowsight.topology.findings.correlation.CorrelationEvent;
import io.flowsight.topology.findings.correlation.CorrelationEvents;
import io.flowsight.topology.findings.correlation.CorrelationKey;
import io.flowsight.topology.findings.correlation.EvaluatedCorrelations;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import java.time.Duration;
import java.util.List;

/**
 * Runs the rules over each raw record, once: for each matching rule that reports its own matches, a {@link Finding}
 * keyed {@code rule_id|event_id}; for each correlation the rule feeds, a {@link CorrelationEvent} keyed by
 * {@link CorrelationKey} for the repartition that brings each group's events together. Stateless and placed on the
 * raw stream itself, before any window: a record matches its rules however late it arrives. Heartbeats (records
 * without a value) pass by.
 *
 * <p>The rules are {@link RuleBook}'s current generation, re-read from the rules topic's table every refresh interval
 * (wall-clock), and once at start so that rules published before start meet the first record.
 */
public final class RuleEvaluation<V> implements Processor<String, V, String, Object> {
    private final RuleBook rules;
    private final FindingSource<V> source;
    private final String publishedStore;
    private final Duration refresh;
    private ProcessorContext<String, Object> context;

    /**
     * @param publishedStore the global store of the rules topic
     * @param refresh        how often it is re-read
     */
    public RuleEvaluation(RuleBook rules, FindingSource<V> source, String publishedStore, Duration refresh) {
        this.rules = rules;
        this.source = source;
        this.publishedStore = publishedStore;
        this.refresh = refresh;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        ReadOnlyKeyValueStore<String, ValueAndTimestamp<RuleDocument>> published = context.getStateStore(publishedStore);
        rules.refresh(published);
        context.schedule(refresh, PunctuationType.WALL_CLOCK_TIME, now -> rules.refresh(published));
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.value() == null) {
            return;
        }
        CompiledRules compiled = rules.current();
        RuleMatcher<V> matcher = compiled.matcher(source);
        EventFields fields = matcher.fields(record.value());
        List<RuleMatch> matches = matcher.match(fields);
        if (matches.isEmpty()) {
            return;
        }
        Finding.Builder event = source.describe(record.value());
        for (RuleMatch match : matches) {
            Finding finding = RuleFindings.of(event, match);
            if (compiled.reportsOwnMatches(match.rule())) {
                context.forward(record.withKey(finding.getFindingId()).withValue(finding));
            }
            for (EvaluatedCorrelations.Reference reference : compiled.correlations().fedBy(match.rule())) {
                CorrelationEvent fed = CorrelationEvents.of(reference, fields, finding);
                if (fed != null) {
                    context.forward(record.withKey(CorrelationKey.of(fed.correlationId(), fed.groupValues()))
                            .withValue(fed));
                }
            }
        }
    }
}
