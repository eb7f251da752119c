package io.flowsight.schemas.registry;

/**
 * A failure reported by (or on the way to) a schema registry, carrying the HTTP status and the Confluent
 * {@code error_code} so that callers can tell "not found" from "incompatible" from "registry down".
 */
public class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Confluent error codes used by FlowSight (the same numbers Confluent Schema Registry returns). */
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_SOFT_DELETED = 40404;
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int UNAUTHORIZED = 401;
    public static final int STORE_ERROR = 50001;
    /** Not a Confluent code: the registry could not be reached or answered something that is not its API. */
    public static final int NO_RESPONSE = -1;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(int httpStatus, int errorCode, String message) {
        this(httpStatus, errorCode, message, null);
    }

    public SchemaRegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public static SchemaRegistryException subjectNotFound(String subject) {
        return new SchemaRegistryException(404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    public static SchemaRegistryException versionNotFound(String subject, Object version) {
        return new SchemaRegistryException(404, VERSION_NOT_FOUND,
                "Version " + version + " not found for subject '" + subject + "'.");
    }

    public static SchemaRegistryException schemaNotFound(String detail) {
        return new SchemaRegistryException(404, SCHEMA_NOT_FOUND, "Schema not found: " + detail + ".");
    }

    /** The HTTP status of the answer, or 0 when no answer arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent's {@code error_code}, or {@link #NO_RESPONSE}. */
    public int errorCode() {
        return errorCode;
    }

    /** Whether trying again later may succeed (registry unreachable or a server-side error). */
    public boolean isRetriable() {
        return httpStatus == 0 || httpStatus >= 500 || httpStatus == 429;
    }
}
