package io.flowsight.notify.receiver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The receivers' JSON: built as trees, so every field is placed and typed on purpose, and written compactly (the
 * bytes sent are the bytes signed).
 */
final class JsonBody {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBody() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    static ObjectNode objectOf(Map<String, String> entries) {
        ObjectNode node = object();
        entries.forEach(node::put);
        return node;
    }

    /** The JSON in {@code text}, or empty when it is not JSON: for answers, which come from outside. */
    static Optional<JsonNode> read(String text) {
        try {
            return Optional.of(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree of plain strings and numbers always serialises; this would be a bug here.
            throw new UncheckedIOException(e);
        }
    }
}
