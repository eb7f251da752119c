package io.flowsight.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/** Delivers through one destination on a manual clock, for the receivers' exact-request tests. */
public final class OneDestination {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OneDestination() {
    }

    public static DestinationSender sender(Receiver receiver, Duration minimumInterval, ManualTime time) {
        Destination destination = new Destination("under-test", NotificationFilter.EVERYTHING, receiver,
                RetryPolicy.DEFAULT, minimumInterval);
        return new DestinationSender(destination, HttpTransport.create(Duration.ofSeconds(2), Duration.ofSeconds(5),
                time), time.timing(0.5), new SimpleMeterRegistry());
    }

    public static DeliveryOutcome deliver(Receiver receiver, AlertNotification notification, ManualTime time)
            throws InterruptedException {
        return sender(receiver, Duration.ZERO, time).deliver(notification);
    }

    /** JSON text as a tree, so a test compares structure and values, not whitespace. */
    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
