package io.flowsight.rules;

import io.flowsight.rules.fields.EventFields;
import io.flowsight.schemas.AlbLogEntry;
import io.flowsight.schemas.CloudTrailEvent;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Matches records of one log source against the single-event rules loaded for it, one record per call, as a
 * stream processor does. Immutable after construction and safe to share between threads: per-record state (parsed
 * JSON, resolved fields) lives in the {@link EventFields} made for each call.
 *
 * @param <E> the record type ({@link CloudTrailEvent} or {@link AlbLogEntry})
 */
public final class RuleMatcher<E> {
    private final List<SigmaRule> rules;
    private final Function<E, EventFields> fields;
    private final RuleIndex index;

    private RuleMatcher(SigmaLogSource source, Collection<SigmaRule> rules) {
        this.rules = rules.stream().filter(rule -> rule.logSource().source() == source).toList();
        this.fields = source.fields();
        this.index = new RuleIndex(this.rules, source.indexFields());
    }

    /** A matcher for the {@code product: aws, service: cloudtrail} rules among {@code rules}. */
    public static RuleMatcher<CloudTrailEvent> cloudTrail(Collection<SigmaRule> rules) {
        return new RuleMatcher<>(SigmaLogSource.AWS_CLOUDTRAIL, rules);
    }

    /** A matcher for the {@code category: webserver} rules among {@code rules}, over ALB access-log entries. */
    public static RuleMatcher<AlbLogEntry> alb(Collection<SigmaRule> rules) {
        return new RuleMatcher<>(SigmaLogSource.WEBSERVER, rules);
    }

    /** The rules {@code event} matches, in the order they were loaded; empty for most records. */
    public List<RuleMatch> match(E event) {
        return match(fields(event));
    }

    /**
     * The event's Sigma fields, resolved as the rules resolve them; made once per record and passed to
     * {@link #match(EventFields)}, so what else reads the record's fields (a correlation's group-by) reuses what
     * the match parsed.
     */
    public EventFields fields(E event) {
        return fields.apply(event);
    }

    /** The rules the event of {@code eventFields} matches, in the order they were loaded. */
    public List<RuleMatch> match(EventFields eventFields) {
        BitSet candidates = index.candidates(eventFields);
        List<RuleMatch> matches = List.of();
        for (int ordinal = candidates.nextSetBit(0); ordinal >= 0; ordinal = candidates.nextSetBit(ordinal + 1)) {
            SigmaRule rule = rules.get(ordinal);
            if (rule.detection().matches(eventFields)) {
                if (matches.isEmpty()) {
                    matches = new ArrayList<>(2);
                }
                matches.add(new RuleMatch(rule, rule.detection().matchedSelections(eventFields)));
            }
        }
        return matches;
    }

    /** The rules this matcher evaluates. */
    public List<SigmaRule> rules() {
        return rules;
    }

    /** How many of them the index cannot narrow, so every record is tested against them. */
    public int unindexedRuleCount() {
        return index.unkeyedCount();
    }
}
