package io.flowsight.rules.correlation;

import io.flowsight.rules.RuleMetadata;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A parsed Sigma correlation rule whose references were checked against the rules loaded with it. Evaluating it
 * is windowed state in the topology: this is its typed description.
 *
 * @param rules     the referenced rules' ids or names, as written (each resolves to a loaded rule or correlation)
 * @param groupBy   fields (or alias names) whose values scope the count
 * @param condition for temporal types without a written condition: every referenced rule must match
 * @param aliases   alias name → (rule name → field name in that rule's events)
 * @param generate  whether the referenced rules also report their own matches (Sigma's default: no)
 * @param source    the file it was loaded from
 * @param line      the line its YAML document starts on
 */
public record CorrelationRule(RuleMetadata metadata, CorrelationType type, List<String> rules, List<String> groupBy,
                              Duration timespan, CountCondition condition, Map<String, Map<String, String>> aliases,
                              boolean generate, String source, int line) {

    public String id() {
        return metadata.id();
    }

    public String title() {
        return metadata.title();
    }
}
