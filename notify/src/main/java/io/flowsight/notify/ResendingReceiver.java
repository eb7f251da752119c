package io.flowsight.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A receiver that forgets a firing alert unless it hears about it again in time, as Alertmanager resolves an alert
 * without an end time once its {@code resolve_timeout} passes. a destination's worker re-sends the alerts still
 * firing through it.
 */
public interface ResendingReceiver extends Receiver {
    /** How often the alerts still firing must be sent again. */
    Duration resendInterval();

    /** One request that re-sends all of {@code firing}, each still without an end time. */
    OutboundRequest requestForActive(List<AlertNotification> firing, Instant attemptTime);
}
