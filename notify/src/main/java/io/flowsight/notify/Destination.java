package io.flowsight.notify;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One configured place that alerts go: its name (the metrics tag and the dead letter's address), which alerts it
 * wants, the receiver at the other end, how long to keep trying, and the least time between two requests (Slack
 * accepts about one message a second per webhook).
 */
public record Destination(String name, NotificationFilter filter, Receiver receiver, RetryPolicy retryPolicy,
                          Duration minimumInterval) {
    /** Names become metric tags and thread names: keep them plain. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public Destination {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Destination name \"" + name + "\" must be lower-case letters, digits, "
                    + "- and _, starting with a letter or digit.");
        }
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(minimumInterval, "minimumInterval");
        if (minimumInterval.isNegative()) {
            throw new IllegalArgumentException("minimumInterval must not be negative, not " + minimumInterval);
        }
    }
}
