package io.flowsight.respond.aws;

import java.time.Duration;

/** Waits; the targets' pacing and back-off go through it so that tests move a clock instead of sleeping. */
@FunctionalInterface
interface Sleeper {
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
