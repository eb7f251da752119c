package io.flowsight.respond.aws;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * An AWS target could not be brought to the wanted list. The message is one sentence a user can act on; {@link
 * #retriable()} says whether trying the same list later may succeed (throttling, AWS or the network failing, a
 * concurrent change) or not (access denied, a set that does not exist, a list over a limit).
 */
public final class AwsTargetException extends RuntimeException {
    private final boolean retriable;
    private final String errorCode;
    private final int status;

    AwsTargetException(String sentence, boolean retriable, String errorCode, int status, Throwable cause) {
        super(sentence, cause);
        this.retriable = retriable;
        this.errorCode = errorCode;
        this.status = status;
    }

    static AwsTargetException refused(String sentence) {
        return new AwsTargetException(sentence, false, null, 0, null);
    }

    public boolean retriable() {
        return retriable;
    }

    /** The error code of AWS's answer, e.g. {@code WAFNonexistentItemException}; empty when there was no answer. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** The HTTP status of AWS's answer; empty when there was none. */
    public OptionalInt status() {
        return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }
}
