package io.flowsight.notify;

/**
 * A receiver could not build the request of one attempt for a reason that may pass by the next one: the AWS
 * destinations resolve their credentials for every attempt (so expiring ones are refreshed), and fetching them from
 * an instance role or a container endpoint can fail for a moment. {@link DestinationSender} counts such an attempt as
 * failed without an answer and retries it as it retries a network error, so a worker never stops over it.
 */
public final class RequestPreparationException extends RuntimeException {
    /** @param problem what went wrong, as a clause for "the last attempt failed with …"; never a secret */
    public RequestPreparationException(String problem, Throwable cause) {
        super(problem, cause);
    }
}
