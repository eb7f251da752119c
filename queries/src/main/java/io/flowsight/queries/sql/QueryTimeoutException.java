package io.flowsight.queries.sql;

/** A query stopped at the time limit ({@link QueryConfig#TIMEOUT_CONFIG}) or cancelled before it finished. */
public final class QueryTimeoutException extends LakeQueryException {
    private static final long serialVersionUID = 1L;

    public QueryTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
