package io.flowsight.rules.yaml;

/**
 * A rule a user wrote that FlowSight cannot take, with the line to look at and one sentence saying what is wrong
 * and what to do. Thrown while a rule document is read; the loader turns it into a refusal naming the file.
 */
public final class RuleSyntaxException extends Exception {
    private final int line;
    private final String reason;

    public RuleSyntaxException(int line, String reason) {
        super("line " + line + ": " + reason);
        this.line = line;
        this.reason = reason;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
