package io.flowsight.notify;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Everything about time and chance that delivery depends on: the clock (Retry-After dates, webhook timestamps,
 * pacing), the sleeper (waits) and the jitter source. One object, so a test swaps all three together and no class
 * reads the system clock behind its back.
 *
 * @param jitter numbers in [0, 1)
 */
public record DeliveryTiming(Clock clock, Sleeper sleeper, DoubleSupplier jitter) {
    public DeliveryTiming {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(jitter, "jitter");
    }

    public static DeliveryTiming system() {
        return new DeliveryTiming(Clock.systemUTC(), Sleeper.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());
    }
}
