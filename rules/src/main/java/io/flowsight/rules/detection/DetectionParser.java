package io.flowsight.rules.detection;

import io.flowsight.schemas.IpNetwork;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.flowsight.rules.detection.Modifiers.Modifier;
import io.flowsight.rules.fields.FieldCatalog;
import io.flowsight.rules.fields.FieldPath;
import io.flowsight.rules.yaml.RuleSyntaxException;
import io.flowsight.rules.yaml.YamlNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Compiles the {@code detection} section of a rule: every search identifier into a {@link Selection} of
 * {@link DetectionItem}s, and the condition. Field names are checked against the log source's
 * {@link FieldCatalog}, so a rule is refused at load rather than never matching.
 */
public final class DetectionParser {
    private final FieldCatalog catalog;

    public DetectionParser(FieldCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param detection the section's mapping
     * @param line      the line of the {@code detection:} key, where a refusal about the section as a whole points
     */
    public Detection parse(YamlNode.Mapping detection, int line) throws RuleSyntaxException {
        List<Selection> selections = new ArrayList<>();
        YamlNode.Entry conditionEntry = null;
        for (YamlNode.Entry entry : detection.entries().values()) {
            switch (entry.key()) {
                case "condition" -> conditionEntry = entry;
                case "timeframe" -> throw new RuleSyntaxException(entry.line(), "'timeframe' belongs to Sigma's deprecated"
                        + " aggregation syntax; express the time window as a correlation rule's 'timespan'.");
                default -> selections.add(selection(entry));
            }
        }
        if (conditionEntry == null) {
            throw new RuleSyntaxException(line, "The detection has no 'condition'; add one naming the"
                    + " selections that must match, e.g. 'condition: selection'.");
        }
        if (selections.isEmpty()) {
            throw new RuleSyntaxException(line, "The detection has a condition but no selection to test.");
        }
        List<String> names = selections.stream().map(Selection::name).toList();
        List<String> texts = conditionTexts(conditionEntry);
        List<Condition> conditions = new ArrayList<>();
        for (String text : texts) {
            conditions.add(ConditionParser.parse(text, names, conditionEntry.line()));
        }
        Condition condition = conditions.size() == 1 ? conditions.get(0) : new Condition.AnyOf(conditions);
        return new Detection(List.copyOf(selections), condition, texts);
    }

    /** A condition is a text, or a list of texts OR-ed together. */
    private static List<String> conditionTexts(YamlNode.Entry entry) throws RuleSyntaxException {
        List<String> texts = new ArrayList<>();
        List<YamlNode> nodes = entry.value() instanceof YamlNode.Sequence list ? list.items() : List.of(entry.value());
        for (YamlNode node : nodes) {
            if (!(node instanceof YamlNode.Scalar scalar) || scalar.isNull()) {
                throw new RuleSyntaxException(node.line(), "The condition must be a text such as 'selection and not"
                        + " filter' (or a list of them), not " + YamlNode.kind(node) + ".");
            }
            texts.add(scalar.text());
        }
        if (texts.isEmpty()) {
            throw new RuleSyntaxException(entry.line(), "The condition list is empty; name the selections that must match.");
        }
        return texts;
    }

    private Selection selection(YamlNode.Entry entry) throws RuleSyntaxException {
        String name = entry.key();
        YamlNode node = entry.value();
        List<List<DetectionItem>> alternatives = new ArrayList<>();
        if (node instanceof YamlNode.Mapping map) {
            alternatives.add(items(name, map));
        } else if (node instanceof YamlNode.Sequence list && !list.items().isEmpty()) {
            boolean maps = list.items().stream().allMatch(YamlNode.Mapping.class::isInstance);
            boolean scalars = list.items().stream().allMatch(YamlNode.Scalar.class::isInstance);
            if (maps) {
                for (YamlNode item : list.items()) {
                    alternatives.add(items(name, (YamlNode.Mapping) item));
                }
            } else if (scalars) {
                alternatives.add(List.of(keywords(name, List.of(), list.items(), entry.line(), name)));
            } else {
                throw new RuleSyntaxException(entry.line(), "The selection '" + name + "' mixes maps and plain values in"
                        + " one list; split it into two selections.");
            }
        } else if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            alternatives.add(List.of(keywords(name, List.of(), List.of(scalar), entry.line(), name)));
        } else {
            throw new RuleSyntaxException(entry.line(), "The selection '" + name + "' is empty; give it fields to match"
                    + " or remove it.");
        }
        return new Selection(name, List.copyOf(alternatives));
    }

    private List<DetectionItem> items(String selection, YamlNode.Mapping map) throws RuleSyntaxException {
        if (map.entries().isEmpty()) {
            throw new RuleSyntaxException(map.line(), "The selection '" + selection + "' has an empty map; give it"
                    + " fields to match.");
        }
        List<DetectionItem> items = new ArrayList<>();
        for (YamlNode.Entry entry : map.entries().values()) {
            items.add(item(entry));
        }
        return List.copyOf(items);
    }

    private DetectionItem item(YamlNode.Entry entry) throws RuleSyntaxException {
        String key = entry.key();
        int line = entry.line();
        List<String> parts = Arrays.asList(key.split("\\|", -1));
        String fieldName = parts.get(0);
        List<String> modifierNames = parts.subList(1, parts.size());
        List<YamlNode> values = values(key, entry.value());
        if (fieldName.isEmpty()) {
            return keywords(key, modifierNames, values, line, key);
        }
        FieldPath field = FieldPath.of(fieldName);
        Optional<String> unknown = catalog.refusalFor(field);
        if (unknown.isPresent()) {
            throw new RuleSyntaxException(line, unknown.get());
        }
        Modifiers modifiers = Modifiers.parse(key, modifierNames, line);
        boolean hasNull = values.stream().anyMatch(value -> ((YamlNode.Scalar) value).isNull());
        if (hasNull) {
            if (values.size() > 1) {
                throw new RuleSyntaxException(line, "'" + key + "' lists null among other values, which the Sigma"
                        + " specification forbids; test null in a selection of its own.");
            }
            if (!modifiers.set().isEmpty()) {
                throw new RuleSyntaxException(line, "'" + key + "' applies modifiers to null; write '" + fieldName
                        + ": null' alone.");
            }
            return new DetectionItem.IsNull(field);
        }
        if (modifiers.has(Modifier.EXISTS)) {
            return exists(key, field, values, line);
        }
        if (modifiers.has(Modifier.FIELDREF)) {
            return fieldRef(key, field, values, modifiers, line);
        }
        boolean all = modifiers.has(Modifier.ALL);
        if (all && values.size() < 2) {
            throw new RuleSyntaxException(line, "'" + key + "' uses 'all' with a single value, which the Sigma"
                    + " specification does not allow; drop 'all'.");
        }
        List<ValuePredicate> predicates = new ArrayList<>();
        for (YamlNode value : values) {
            predicates.add(predicate(key, ((YamlNode.Scalar) value).text(), modifiers, value.line()));
        }
        return new DetectionItem.Values(field, List.copyOf(predicates), all);
    }

    /** A field's value: one scalar or a list of scalars. */
    private static List<YamlNode> values(String key, YamlNode node) throws RuleSyntaxException {
        if (node instanceof YamlNode.Scalar) {
            return List.of(node);
        }
        if (node instanceof YamlNode.Sequence list && !list.items().isEmpty()
                && list.items().stream().allMatch(YamlNode.Scalar.class::isInstance)) {
            return list.items();
        }
        throw new RuleSyntaxException(node.line(), "The value of '" + key + "' must be a value or a non-empty list of"
                + " values, not " + YamlNode.kind(node) + ".");
    }

    private DetectionItem keywords(String key, List<String> modifierNames, List<YamlNode> values, int line,
                                   String where) throws RuleSyntaxException {
        Optional<String> refusal = catalog.keywordRefusal();
        if (refusal.isPresent()) {
            throw new RuleSyntaxException(line, "'" + where + "' is a keyword search (values without a field): "
                    + refusal.get());
        }
        Modifiers modifiers = Modifiers.parse(key, modifierNames, line);
        if (!modifiers.set().isEmpty() && !modifiers.set().equals(java.util.EnumSet.of(Modifier.ALL))) {
            throw new RuleSyntaxException(line, "Keywords in '" + where + "' take only the 'all' modifier; a keyword is"
                    + " always searched anywhere in the log line.");
        }
        List<ValuePredicate> predicates = new ArrayList<>();
        for (YamlNode value : values) {
            YamlNode.Scalar scalar = (YamlNode.Scalar) value;
            if (scalar.isNull()) {
                throw new RuleSyntaxException(value.line(), "A keyword in '" + where + "' is null; remove it.");
            }
            predicates.add(new StringPredicate(List.of(WildcardPattern.parse(scalar.text()).anchored(true, true)), false));
        }
        return new DetectionItem.Keywords(List.copyOf(predicates), modifiers.has(Modifier.ALL));
    }

    private DetectionItem fieldRef(String key, FieldPath field, List<YamlNode> values, Modifiers modifiers, int line)
            throws RuleSyntaxException {
        List<FieldPath> references = new ArrayList<>();
        for (YamlNode value : values) {
            String name = ((YamlNode.Scalar) value).text().trim();
            if (name.isEmpty()) {
                throw new RuleSyntaxException(value.line(), "'" + key + "' references an empty field name; name the"
                        + " field to compare with.");
            }
            FieldPath reference = FieldPath.of(name);
            Optional<String> unknown = catalog.refusalFor(reference);
            if (unknown.isPresent()) {
                throw new RuleSyntaxException(value.line(), unknown.get());
            }
            references.add(reference);
        }
        DetectionItem.FieldRef.Position position = modifiers.has(Modifier.CONTAINS)
                ? DetectionItem.FieldRef.Position.CONTAINS
                : modifiers.has(Modifier.STARTSWITH) ? DetectionItem.FieldRef.Position.STARTSWITH
                : modifiers.has(Modifier.ENDSWITH) ? DetectionItem.FieldRef.Position.ENDSWITH
                : DetectionItem.FieldRef.Position.EQUALS;
        return new DetectionItem.FieldRef(field, List.copyOf(references), position);
    }

    private static DetectionItem exists(String key, FieldPath field, List<YamlNode> values, int line)
            throws RuleSyntaxException {
        String text = values.size() == 1 ? ((YamlNode.Scalar) values.get(0)).text() : null;
        if (!"true".equalsIgnoreCase(text) && !"false".equalsIgnoreCase(text)) {
            throw new RuleSyntaxException(line, "'" + key + "' must be true or false.");
        }
        return new DetectionItem.Exists(field, Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT)));
    }

    private static ValuePredicate predicate(String key, String value, Modifiers modifiers, int line)
            throws RuleSyntaxException {
        if (modifiers.has(Modifier.RE)) {
            return regex(key, value, modifiers, line);
        }
        if (modifiers.has(Modifier.CIDR)) {
            return new CidrPredicate(IpNetwork.parse(value.trim()).orElseThrow(() -> new RuleSyntaxException(line,
                    "'" + value + "' in '" + key + "' is not an IPv4 or IPv6 network such as 10.0.0.0/8 or 2001:db8::/32.")));
        }
        NumericPredicate.Comparison comparison = modifiers.comparison();
        if (comparison != null) {
            BigDecimal bound = NumericPredicate.parse(value);
            if (bound == null) {
                throw new RuleSyntaxException(line, "'" + value + "' in '" + key + "' is not a number.");
            }
            return new NumericPredicate(comparison, bound);
        }
        return string(key, value, modifiers, line);
    }

    private static ValuePredicate regex(String key, String value, Modifiers modifiers, int line)
            throws RuleSyntaxException {
        int flags = (modifiers.has(Modifier.I) ? Pattern.CASE_INSENSITIVE : 0)
                | (modifiers.has(Modifier.M) ? Pattern.MULTILINE : 0)
                | (modifiers.has(Modifier.S) ? Pattern.DOTALL : 0);
        try {
            return new RegexPredicate(Pattern.compile(value, flags));
        } catch (PatternSyntaxException e) {
            throw new RuleSyntaxException(line, "The regular expression '" + value + "' in '" + key + "' is not valid"
                    + " for RE2 (" + e.getDescription() + "); Sigma's regular expressions allow . ^ $ * + ? {n,m}"
                    + " [classes] | and groups only.");
        }
    }

    private static ValuePredicate string(String key, String value, Modifiers modifiers, int line)
            throws RuleSyntaxException {
        boolean windash = modifiers.has(Modifier.WINDASH);
        boolean base64 = modifiers.has(Modifier.BASE64);
        boolean base64offset = modifiers.has(Modifier.BASE64OFFSET);
        List<WildcardPattern> patterns = new ArrayList<>();
        if (base64 || base64offset) {
            if (windash) {
                throw new RuleSyntaxException(line, "'" + key + "' combines windash with a base64 encoding; keep one.");
            }
            if (value.indexOf('*') >= 0 || value.indexOf('?') >= 0) {
                throw new RuleSyntaxException(line, "'" + value + "' in '" + key + "' has wildcards, which base64 cannot"
                        + " encode; give the plain text and let contains/startswith/endswith place it.");
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            List<String> encoded = base64 ? List.of(Base64.getEncoder().encodeToString(bytes)) : Base64Offsets.of(bytes);
            for (String text : encoded) {
                patterns.add(WildcardPattern.literal(text));
            }
        } else {
            patterns.add(WildcardPattern.parse(windash ? WindowsDash.fold(value) : value));
        }
        boolean front = modifiers.has(Modifier.CONTAINS) || modifiers.has(Modifier.ENDSWITH);
        boolean behind = modifiers.has(Modifier.CONTAINS) || modifiers.has(Modifier.STARTSWITH);
        List<WildcardPattern> anchored = patterns.stream().map(pattern -> pattern.anchored(front, behind)).toList();
        return new StringPredicate(anchored, windash);
    }
}
