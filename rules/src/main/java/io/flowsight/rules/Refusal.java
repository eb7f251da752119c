package io.flowsight.rules;

/**
 * A rule document FlowSight did not load: where it is and one sentence saying why and what to do.
 *
 * @param source the file (or other origin) holding the rule
 * @param line   1-based line of the cause
 */
public record Refusal(String source, int line, String reason) {

    @Override
    public String toString() {
        return source + ":" + line + ": " + reason;
    }
}
