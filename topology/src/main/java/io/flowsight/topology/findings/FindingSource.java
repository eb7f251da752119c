package io.flowsight.topology.findings;

import io.flowsight.rules.RuleMatcher;
import io.flowsight.rules.SigmaRule;
import io.flowsight.schemas.Finding;

import java.util.List;

/**
 * A raw log that rules run over: how its records are matched, and what of a matched record a finding keeps (its
 * id, time and key fields).
 *
 * @param <V> the raw record type
 */
public interface FindingSource<V> {

    /** The log type findings name, as the dead letters and alerts do: {@code cloudtrail}, {@code alb}. */
    String logType();

    /** A matcher for the rules among {@code rules} that apply to this log. */
    RuleMatcher<V> matcher(List<SigmaRule> rules);

    /** A finding with the event's own fields set (log type, event id and time, key fields), not yet the rule's. */
    Finding.Builder describe(V event);
}
