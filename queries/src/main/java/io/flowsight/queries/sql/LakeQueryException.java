package io.flowsight.queries.sql;

/** A query the lake cannot answer, with one sentence that says why and what to do. */
public class LakeQueryException extends Exception {
    private static final long serialVersionUID = 1L;

    public LakeQueryException(String message) {
        super(message);
    }

    public LakeQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
