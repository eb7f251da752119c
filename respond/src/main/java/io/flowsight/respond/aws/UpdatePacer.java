package io.flowsight.respond.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Spaces the updates of the targets that share it at least {@link #interval()} apart: one per second by default, as
 * AWS's WAF and EC2 APIs expect of writes. A target gets its own unless given one; targets in one account and region
 * may share one so that together they keep to the pace.
 */
public final class UpdatePacer {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private final Duration interval;
    private Instant nextFree = Instant.MIN;

    public UpdatePacer(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("An update interval cannot be negative: " + interval + ".");
        }
        this.interval = interval;
    }

    public static UpdatePacer oneUpdatePerSecond() {
        return new UpdatePacer(DEFAULT_INTERVAL);
    }

    public Duration interval() {
        return interval;
    }

    /** Takes the next free turn and waits for it; the turn after it is {@link #interval()} later. */
    void awaitTurn(Clock clock, Sleeper sleeper) throws InterruptedException {
        Duration wait;
        synchronized (this) {
            Instant now = clock.instant();
            Instant turn = now.isAfter(nextFree) ? now : nextFree;
            nextFree = turn.plus(interval);
            wait = Duration.between(now, turn);
        }
        if (!wait.isZero()) {
            sleeper.sleep(wait);
        }
    }
}
