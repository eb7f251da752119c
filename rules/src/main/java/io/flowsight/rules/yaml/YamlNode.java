package io.flowsight.rules.yaml;

import java.util.List;
import java.util.Map;

/**
 * A YAML value with the line it starts on, so that a refusal can point at the line of a rule file that caused it.
 * Scalars keep their text as written (numbers and booleans too): Sigma compares values as case-insensitive strings.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {

    /** 1-based line of the node in its file. */
    int line();

    /** A scalar; {@code text} is null for YAML's null ({@code null}, {@code ~} or nothing). */
    record Scalar(String text, int line) implements YamlNode {
        public boolean isNull() {
            return text == null;
        }
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
    }

    /** A mapping in file order; keys are unique (a repeated key is refused when read). */
    record Mapping(Map<String, Entry> entries, int line) implements YamlNode {
        public YamlNode get(String key) {
            Entry entry = entries.get(key);
            return entry == null ? null : entry.value();
        }
    }

    /** One key of a mapping, with the line the key is written on. */
    record Entry(String key, int line, YamlNode value) {
    }

    /** A short name of the node's kind for error messages ("a list", "a mapping", "a value"). */
    static String kind(YamlNode node) {
        if (node instanceof Sequence) {
            return "a list";
        }
        if (node instanceof Mapping) {
            return "a mapping";
        }
        return ((Scalar) node).isNull() ? "null" : "a value";
    }
}
