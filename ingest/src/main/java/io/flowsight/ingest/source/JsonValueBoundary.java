package io.flowsight.ingest.source;

/**
 * Finds where a JSON object or array ends in a stream of its bytes, without parsing it: brackets are counted outside
 * strings. That is enough to cut a stream of JSON values into values (Jackson then parses each one, and rejects the
 * malformed) and costs no memory, however long the value. Bytes are UTF-8: every byte of a multi-byte character is
 * above 0x7F, so none is mistaken for a quote, backslash or bracket.
 */
final class JsonValueBoundary {
    private long depth;
    private boolean inString;
    private boolean escaped;

    /** Whether {@code b}, the next byte of a value whose first byte was {@code {} or {@code [}, closes it. */
    boolean closedBy(int b) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (b == '\\') {
                escaped = true;
            } else if (b == '"') {
                inString = false;
            }
            return false;
        }
        switch (b) {
            case '"' -> inString = true;
            case '{', '[' -> depth++;
            case '}', ']' -> {
                return --depth == 0;
            }
            default -> {
            }
        }
        return false;
    }

    /** Whether the bytes so far end inside a string (where a raw newline is not valid JSON). */
    boolean inString() {
        return inString;
    }

    static boolean opens(int b) {
        return b == '{' || b == '[';
    }
}
