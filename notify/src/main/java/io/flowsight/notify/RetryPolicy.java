package io.flowsight.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a destination keeps trying: at most {@code maxAttempts} requests, the waits between them drawn with "full
 * jitter" from zero up to {@code baseDelay} doubled per retry and capped at {@code maxDelay}. Full jitter spreads the
 * retries of many notifications that failed together (a receiver restarting) instead of sending them in waves.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    public static final int DEFAULT_MAX_ATTEMPTS = 8;
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(60);

    /** 8 attempts, 1 s base, 60 s cap: at most about two minutes of waiting, about one on average. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_BASE_DELAY,
            DEFAULT_MAX_DELAY);

    public RetryPolicy {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (baseDelay.isNegative() || baseDelay.isZero()) {
            throw new IllegalArgumentException("baseDelay must be positive, not " + baseDelay);
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("maxDelay " + maxDelay + " must not be shorter than baseDelay "
                    + baseDelay);
        }
    }

    /**
     * The wait before retry number {@code retry} (1 for the wait after the first failed attempt).
     *
     * @param random a number in [0, 1): the jitter, injected so tests are deterministic
     */
    public Duration backoff(int retry, double random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1, not " + retry);
        }
        if (random < 0 || random >= 1) {
            throw new IllegalArgumentException("random must be in [0, 1), not " + random);
        }
        return Duration.ofNanos((long) (ceiling(retry).toNanos() * random));
    }

    /** The longest wait before retry number {@code retry}: the base doubled {@code retry - 1} times, capped. */
    public Duration ceiling(int retry) {
        // Past 2^30 times the base every sensible cap has been reached; stop doubling before the arithmetic overflows.
        int doublings = Math.min(retry - 1, 30);
        long nanos = baseDelay.toNanos();
        for (int i = 0; i < doublings && nanos < maxDelay.toNanos(); i++) {
            nanos *= 2;
        }
        return Duration.ofNanos(Math.min(nanos, maxDelay.toNanos()));
    }
}
