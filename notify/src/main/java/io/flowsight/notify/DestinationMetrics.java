package io.flowsight.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * The meters of one destination, all tagged {@code destination=<name>}: deliveries the receiver accepted, attempts
 * that failed, retries made, deliveries given up (dead-lettered), and the time of each attempt.
 */
final class DestinationMetrics {
    private final Counter sent;
    private final Counter failed;
    private final Counter retried;
    private final Counter deadLettered;
    private final Timer latency;

    DestinationMetrics(MeterRegistry registry, String destination) {
        sent = Counter.builder("flowsight.notify.sent").tag("destination", destination)
                .description("Deliveries the receiver accepted (2xx)").register(registry);
        failed = Counter.builder("flowsight.notify.failed").tag("destination", destination)
                .description("Attempts that failed: non-2xx answers and network errors").register(registry);
        retried = Counter.builder("flowsight.notify.retried").tag("destination", destination)
                .description("Attempts made again after a retriable failure").register(registry);
        deadLettered = Counter.builder("flowsight.notify.dead_lettered").tag("destination", destination)
                .description("Deliveries given up and handed back as dead letters").register(registry);
        latency = Timer.builder("flowsight.notify.latency").tag("destination", destination)
                .description("Time of one HTTP attempt, from sending the request to the answer").register(registry);
    }

    void attemptTook(Duration duration) {
        latency.record(duration);
    }

    void accepted() {
        sent.increment();
    }

    void attemptFailed() {
        failed.increment();
    }

    void retrying() {
        retried.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }
}
