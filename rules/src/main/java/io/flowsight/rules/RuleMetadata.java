package io.flowsight.rules;

import io.flowsight.rules.yaml.RuleSyntaxException;
import io.flowsight.rules.yaml.YamlNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What a rule says about itself, shared by single-event and correlation rules. {@code author} is kept because the
 * Detection Rule License of SigmaHQ's rules asks that messages from a match keep it; {@code tags} carry the
 * ATT&CK techniques ({@code attack.t1562.008}).
 *
 * @param id    the rule's id (a UUID in SigmaHQ's rules), or null when the rule has none
 * @param name  the rule's {@code name}, by which correlation rules may refer to it, or null
 * @param level null when the rule gives none
 */
public record RuleMetadata(String id, String name, String title, String status, Level level, String author,
                           String description, List<String> references, List<String> tags,
                           List<String> falsePositives) {

    static RuleMetadata read(YamlNode.Mapping document) throws RuleSyntaxException {
        String title = text(document, "title");
        if (title == null || title.isBlank()) {
            throw new RuleSyntaxException(document.line(), "The rule has no 'title'; every Sigma rule needs one.");
        }
        String levelText = text(document, "level");
        Level level = null;
        if (levelText != null) {
            level = Level.named(levelText).orElseThrow(() -> new RuleSyntaxException(line(document, "level"),
                    "The level '" + levelText + "' is not one of informational, low, medium, high, critical."));
        }
        return new RuleMetadata(text(document, "id"), text(document, "name"), title, text(document, "status"), level,
                text(document, "author"), text(document, "description"), texts(document, "references"),
                texts(document, "tags"), texts(document, "falsepositives"));
    }

    /** A scalar attribute's text, or null when absent. */
    static String text(YamlNode.Mapping document, String key) throws RuleSyntaxException {
        YamlNode node = document.get(key);
        if (node == null) {
            return null;
        }
        if (node instanceof YamlNode.Scalar scalar) {
            return scalar.text();
        }
        throw new RuleSyntaxException(node.line(), "'" + key + "' must be a single value, not " + YamlNode.kind(node) + ".");
    }

    /** A list attribute (a single value counts as a list of one); empty when absent. */
    static List<String> texts(YamlNode.Mapping document, String key) throws RuleSyntaxException {
        YamlNode node = document.get(key);
        if (node == null) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        for (YamlNode item : node instanceof YamlNode.Sequence list ? list.items() : List.of(node)) {
            if (!(item instanceof YamlNode.Scalar scalar)) {
                throw new RuleSyntaxException(item.line(), "'" + key + "' must be a list of values, not hold "
                        + YamlNode.kind(item) + ".");
            }
            if (!scalar.isNull()) {
                texts.add(scalar.text());
            }
        }
        return List.copyOf(texts);
    }

    static int line(YamlNode.Mapping document, String key) {
        YamlNode.Entry entry = document.entries().get(key);
        return entry == null ? document.line() : entry.line();
    }
}
