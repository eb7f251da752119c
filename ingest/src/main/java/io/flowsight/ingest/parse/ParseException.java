package io.flowsight.ingest.parse;

/**
 * A line or event that cannot become a record. Parsers throw it with a reason code and a message that names
 * the field and the value at fault; it carries no stack trace, since bad input is expected and frequent.
 */
public final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;
    private final RejectReason reason;

    public ParseException(RejectReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
