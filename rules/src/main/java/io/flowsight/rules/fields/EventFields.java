package io.flowsight.rules.fields;

/**
 * The values of Sigma field names in one event: the one thing a rule needs from a log record. An implementation
 * wraps one record, is used for that record only (by one thread), and may cache what it computes.
 */
public interface EventFields {

    /** What {@code field} holds in this event; {@link FieldValues#ABSENT} when it has no such field. */
    FieldValues values(FieldPath field);

    /**
     * The texts a keyword (a detection value without a field name) is searched in: the parts of the log line
     * Sigma's "full log message" stands for. Only called for log sources whose catalog allows keywords.
     */
    FieldValues keywordTexts();
}
