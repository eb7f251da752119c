package io.flowsight.aws.signing;

/**
 * {@link AwsCredentialsSource#resolve()} could get no credentials now: none are configured, or a metadata service or
 * container endpoint did not answer. Often passing, so callers retry the attempt. The message is a clause for the
 * caller's sentence ("the last attempt failed with …"), and never holds a secret.
 */
public final class AwsCredentialsUnavailableException extends RuntimeException {
    public AwsCredentialsUnavailableException(String problem, Throwable cause) {
        super(problem, cause);
    }
}
