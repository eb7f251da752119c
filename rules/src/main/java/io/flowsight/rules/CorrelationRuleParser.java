package io.flowsight.rules;

import io.flowsight.rules.correlation.CorrelationRule;
import io.flowsight.rules.correlation.CorrelationType;
import io.flowsight.rules.correlation.CountCondition;
import io.flowsight.rules.yaml.RuleSyntaxException;
import io.flowsight.rules.yaml.YamlNode;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code correlation:} document into a {@link CorrelationRule} and checks it on its own (type, timespan,
 * condition, aliases); whether its references exist is for {@link CorrelationLinker}, once every file is read.
 */
final class CorrelationRuleParser {
    private static final Pattern TIMESPAN = Pattern.compile("(\\d{1,9})([smhd])");

    private CorrelationRuleParser() {
    }

    static CorrelationRule parse(YamlNode.Mapping document, String source) throws RuleSyntaxException {
        RuleMetadata metadata = RuleMetadata.read(document);
        YamlNode.Mapping correlation = (YamlNode.Mapping) document.get("correlation");
        CorrelationType type = type(correlation);
        List<String> rules = RuleMetadata.texts(correlation, "rules");
        if (rules.isEmpty()) {
            throw new RuleSyntaxException(correlation.line(), "The correlation has no 'rules'; list the ids or names of"
                    + " the rules it correlates.");
        }
        if (correlation.get("group-by") == null) {
            throw new RuleSyntaxException(correlation.line(), "The correlation has no 'group-by'; list the fields whose"
                    + " values scope it (e.g. sourceIPAddress).");
        }
        List<String> groupBy = RuleMetadata.texts(correlation, "group-by");
        Duration timespan = timespan(correlation);
        CountCondition condition = condition(correlation, type, rules.size());
        Map<String, Map<String, String>> aliases = aliases(correlation, rules);
        String generate = RuleMetadata.text(document, "generate");
        if (generate == null) {
            generate = RuleMetadata.text(correlation, "generate");
        }
        return new CorrelationRule(metadata, type, rules, groupBy, timespan, condition, aliases,
                Boolean.parseBoolean(generate), source, document.line());
    }

    private static CorrelationType type(YamlNode.Mapping correlation) throws RuleSyntaxException {
        String written = RuleMetadata.text(correlation, "type");
        int line = RuleMetadata.line(correlation, "type");
        if (written == null) {
            throw new RuleSyntaxException(line, "The correlation has no 'type'; use event_count, value_count, temporal"
                    + " or temporal_ordered.");
        }
        return CorrelationType.named(written).orElseThrow(() -> new RuleSyntaxException(line, "The correlation type '"
                + written + "' is not supported by FlowSight; use event_count, value_count, temporal or temporal_ordered."));
    }

    private static Duration timespan(YamlNode.Mapping correlation) throws RuleSyntaxException {
        String written = RuleMetadata.text(correlation, "timespan");
        int line = RuleMetadata.line(correlation, "timespan");
        Matcher matcher = TIMESPAN.matcher(written == null ? "" : written.trim());
        if (!matcher.matches()) {
            throw new RuleSyntaxException(line, "The timespan " + (written == null ? "is missing" : "'" + written + "'"
                    + " is not a number followed by s, m, h or d") + "; write e.g. 'timespan: 15m'.");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration timespan = switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (timespan.isZero()) {
            throw new RuleSyntaxException(line, "The timespan is zero; give the window a length, e.g. 'timespan: 15m'.");
        }
        return timespan;
    }

    private static CountCondition condition(YamlNode.Mapping correlation, CorrelationType type, int ruleCount)
            throws RuleSyntaxException {
        YamlNode node = correlation.get("condition");
        boolean temporal = type == CorrelationType.TEMPORAL || type == CorrelationType.TEMPORAL_ORDERED;
        if (node == null) {
            if (temporal) {
                return new CountCondition(Map.of(CountCondition.Comparison.GTE, (long) ruleCount), null);
            }
            throw new RuleSyntaxException(correlation.line(), "The " + type.written() + " correlation has no 'condition';"
                    + " give the count that must be reached, e.g. 'condition: {gte: 10}'.");
        }
        if (!(node instanceof YamlNode.Mapping map)) {
            throw new RuleSyntaxException(node.line(), "The correlation condition must be a mapping such as"
                    + " '{gte: 10}', not " + YamlNode.kind(node) + ".");
        }
        Map<CountCondition.Comparison, Long> bounds = new EnumMap<>(CountCondition.Comparison.class);
        String field = null;
        for (YamlNode.Entry entry : map.entries().values()) {
            if (entry.key().equals("field")) {
                field = RuleMetadata.text(map, "field");
                continue;
            }
            CountCondition.Comparison comparison;
            try {
                comparison = CountCondition.Comparison.valueOf(entry.key().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new RuleSyntaxException(entry.line(), "'" + entry.key() + "' is not a correlation condition;"
                        + " use gt, gte, lt, lte, eq or neq (and 'field' for value_count).");
            }
            String bound = entry.value() instanceof YamlNode.Scalar scalar ? scalar.text() : null;
            if (bound == null || !bound.trim().matches("\\d{1,18}")) {
                throw new RuleSyntaxException(entry.line(), "The bound of '" + entry.key() + "' must be a whole"
                        + " number, not '" + bound + "'.");
            }
            bounds.put(comparison, Long.parseLong(bound.trim()));
        }
        int line = RuleMetadata.line(correlation, "condition");
        if (bounds.isEmpty()) {
            throw new RuleSyntaxException(line, "The correlation condition has no bound; add one of gt, gte, lt,"
                    + " lte, eq or neq.");
        }
        if (type == CorrelationType.VALUE_COUNT && (field == null || field.isBlank())) {
            throw new RuleSyntaxException(line, "A value_count correlation needs 'field' in its condition: the"
                    + " field whose distinct values are counted.");
        }
        if (type != CorrelationType.VALUE_COUNT && field != null) {
            throw new RuleSyntaxException(line, "'field' in the condition applies to value_count only; remove it"
                    + " from this " + type.written() + " correlation.");
        }
        return new CountCondition(Map.copyOf(bounds), field);
    }

    private static Map<String, Map<String, String>> aliases(YamlNode.Mapping correlation, List<String> rules)
            throws RuleSyntaxException {
        YamlNode node = correlation.get("aliases");
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof YamlNode.Mapping map)) {
            throw new RuleSyntaxException(node.line(), "'aliases' must map alias names to {rule name: field}.");
        }
        Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
        for (YamlNode.Entry alias : map.entries().values()) {
            if (!(alias.value() instanceof YamlNode.Mapping fields)) {
                throw new RuleSyntaxException(alias.line(), "The alias '" + alias.key() + "' must map rule names to"
                        + " field names.");
            }
            Map<String, String> byRule = new LinkedHashMap<>();
            for (YamlNode.Entry ruleField : fields.entries().values()) {
                if (!rules.contains(ruleField.key())) {
                    throw new RuleSyntaxException(ruleField.line(), "The alias '" + alias.key() + "' names the rule '"
                            + ruleField.key() + "', which this correlation does not list in 'rules'.");
                }
                byRule.put(ruleField.key(), RuleMetadata.text(fields, ruleField.key()));
            }
            aliases.put(alias.key(), Collections.unmodifiableMap(byRule));
        }
        return Collections.unmodifiableMap(aliases);
    }
}
