package io.flowsight.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock that moves only when something sleeps on it, recording each sleep: retry tests see every wait exactly and
 * take no real time.
 */
public final class ManualTime extends Clock implements Sleeper {
    private volatile Instant now;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private volatile Runnable onSleep = () -> { };

    public ManualTime(Instant start) {
        this.now = start;
    }

    /** A timing on this clock whose jitter is always {@code jitter}. */
    public DeliveryTiming timing(double jitter) {
        return new DeliveryTiming(this, this, () -> jitter);
    }

    /** Runs {@code action} at the first and every later sleep, e.g. to bring a receiver up. */
    public ManualTime onSleep(Runnable action) {
        this.onSleep = action;
        return this;
    }

    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        now = now.plus(duration);
        onSleep.run();
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("tests use UTC");
    }
}
