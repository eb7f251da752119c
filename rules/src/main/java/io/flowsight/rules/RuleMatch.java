package io.flowsight.rules;

import java.util.List;

/**
 * A single-event rule that matched a record.
 *
 * @param matchedSelections the rule's selections the record satisfies (what a finding shows to explain itself;
 *                          with {@code not filter} conditions the filters are, by definition, absent)
 */
public record RuleMatch(SigmaRule rule, List<String> matchedSelections) {
}
