package io.flowsight.respond.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A clock that moves only when told, and a sleeper that moves it instead of sleeping and remembers every wait; a
 * test may hook what happens "during" a wait (a change submitted while a target waits for its turn).
 */
final class ManualTime extends Clock implements Sleeper {
    private Instant now;
    private final List<Duration> sleeps = new ArrayList<>();
    private Runnable duringNextSleep;

    ManualTime(Instant start) {
        this.now = start;
    }

    static ManualTime at(String instant) {
        return new ManualTime(Instant.parse(instant));
    }

    synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** Runs {@code action} in the next wait, after the clock moved. */
    synchronized void duringNextSleep(Runnable action) {
        duringNextSleep = action;
    }

    @Override
    public void sleep(Duration duration) {
        Runnable action;
        synchronized (this) {
            sleeps.add(duration);
            now = now.plus(duration);
            action = duringNextSleep;
            duringNextSleep = null;
        }
        if (action != null) {
            action.run();
        }
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock is UTC");
    }
}
