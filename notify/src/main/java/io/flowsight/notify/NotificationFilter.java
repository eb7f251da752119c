package io.flowsight.notify;

import io.flowsight.schemas.Severity;
import java.util.Objects;
import java.util.Set;

/**
 * Which alerts a destination wants: those at or above a severity, and, when the include list is not empty, only
 * those raised by the listed detectors. The resolution of an alert passes the same filter as its firing, so a
 * receiver never gets a resolve for something it was never told about.
 *
 * @param detectors the detectors to include; empty means every detector
 */
public record NotificationFilter(Severity minimumSeverity, Set<String> detectors) {
    public static final NotificationFilter EVERYTHING = new NotificationFilter(Severity.LOW, Set.of());

    public NotificationFilter {
        Objects.requireNonNull(minimumSeverity, "minimumSeverity");
        detectors = Set.copyOf(detectors);
    }

    public boolean accepts(AlertNotification notification) {
        return notification.severity().isAtLeast(minimumSeverity)
                && (detectors.isEmpty() || detectors.contains(notification.detector()));
    }
}
