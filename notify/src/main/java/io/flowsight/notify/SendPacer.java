package io.flowsight.notify;

import java.time.Duration;
import java.time.Instant;

/**
 * Keeps at least a minimum interval between the starts of two requests to one destination (Slack allows about one
 * message per second per webhook and answers 429 beyond it). Used from the destination's own thread only.
 */
final class SendPacer {
    private final Duration minimumInterval;
    private final DeliveryTiming timing;
    private Instant lastStart;

    SendPacer(Duration minimumInterval, DeliveryTiming timing) {
        this.minimumInterval = minimumInterval;
        this.timing = timing;
    }

    /** Waits until a request may start, and counts it as started. */
    void awaitTurn() throws InterruptedException {
        if (lastStart != null && !minimumInterval.isZero()) {
            Duration wait = Duration.between(timing.clock().instant(), lastStart.plus(minimumInterval));
            if (!wait.isNegative() && !wait.isZero()) {
                timing.sleeper().sleep(wait);
            }
        }
        lastStart = timing.clock().instant();
    }
}
