package io.flowsight.notify;

import java.time.Duration;

/** Waits between attempts. Injected, so retry tests run in milliseconds and can see every wait. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

    void sleep(Duration duration) throws InterruptedException;
}
