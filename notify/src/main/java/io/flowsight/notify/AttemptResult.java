package io.flowsight.notify;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one HTTP attempt came to. {@link #classify} is the one place that decides which failures are worth retrying,
 * so every receiver follows the same rules: 2xx accepted; 429 and 5xx retry (after the receiver's Retry-After when
 * it gives one); any other status failed for good, redirects included (following them would hide a URL that needs
 * updating); network errors retry. A receiver whose service says more in the body than in the status may revise the
 * verdict ({@link Receiver#review}).
 */
public sealed interface AttemptResult {

    /** The receiver took the request. */
    record Accepted(int status, String bodyExcerpt) implements AttemptResult {
    }

    /**
     * Worth trying again.
     *
     * @param status empty when no response came (connection refused, timeout)
     * @param retryAfter how long the receiver asked us to wait, when it said
     * @param networkError what went wrong when no response came
     */
    record RetryAfter(OptionalInt status, Optional<Duration> retryAfter, String bodyExcerpt,
                      Optional<String> networkError) implements AttemptResult {
    }

    /**
     * The receiver refused the request itself: sending it again would be refused again.
     *
     * @param explanation one sentence saying why, when the receiver's answer told (see {@link Receiver#review});
     *        empty for a refusal known only by its status
     */
    record FailedPermanently(int status, String bodyExcerpt, Optional<String> explanation) implements AttemptResult {
        public FailedPermanently(int status, String bodyExcerpt) {
            this(status, bodyExcerpt, Optional.empty());
        }
    }

    static AttemptResult classify(int status, Optional<Duration> retryAfter, String bodyExcerpt) {
        if (status >= 200 && status < 300) {
            return new Accepted(status, bodyExcerpt);
        }
        if (status == 429 || (status >= 500 && status < 600)) {
            return new RetryAfter(OptionalInt.of(status), retryAfter, bodyExcerpt, Optional.empty());
        }
        return new FailedPermanently(status, bodyExcerpt);
    }

    /** No answer came, or no request could be sent: worth trying again. */
    static AttemptResult networkError(String problem) {
        return new RetryAfter(OptionalInt.empty(), Optional.empty(), "", Optional.of(problem));
    }
}
