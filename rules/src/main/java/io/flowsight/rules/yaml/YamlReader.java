package io.flowsight.rules.yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text (one or several {@code ---}-separated documents) into {@link YamlNode} trees that remember
 * their lines. Jackson's streaming YAML parser is used rather than its tree model because the tree forgets where
 * each value was written, and a repeated key (which YAML libraries silently resolve to the last one) is refused:
 * in a Sigma detection it would quietly drop a selection.
 */
public final class YamlReader {
    private static final YAMLFactory YAML = new YAMLFactory();

    /** The documents of {@code text}; empty documents (a trailing {@code ---}) are skipped. */
    public List<YamlNode> readDocuments(String text) throws RuleSyntaxException {
        List<YamlNode> documents = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(text)) {
            while (parser.nextToken() != null) {
                YamlNode document = read(parser);
                if (!(document instanceof YamlNode.Scalar scalar && scalar.isNull())) {
                    documents.add(document);
                }
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            throw new RuleSyntaxException(line, "The file is not valid YAML (" + firstLine(e.getOriginalMessage())
                    + "); fix the YAML syntax.");
        } catch (IOException e) {
            throw new RuleSyntaxException(1, "The file could not be read as YAML (" + e.getMessage() + ").");
        }
        return documents;
    }

    private static YamlNode read(JsonParser parser) throws IOException, RuleSyntaxException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    parser.nextToken();
                    YamlNode value = read(parser);
                    YamlNode.Entry previous = entries.putIfAbsent(key, new YamlNode.Entry(key, keyLine, value));
                    if (previous != null) {
                        throw new RuleSyntaxException(keyLine, "The key '" + key + "' is written twice in one mapping"
                                + " (first on line " + previous.line() + "); YAML keeps only one of them, so merge them"
                                + " or rename one.");
                    }
                }
                return new YamlNode.Mapping(entries, line);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(parser));
                }
                return new YamlNode.Sequence(items, line);
            }
            case VALUE_NULL -> {
                return new YamlNode.Scalar(null, line);
            }
            default -> {
                return new YamlNode.Scalar(parser.getText(), line);
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
