package io.flowsight.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts still firing, as last heard of, for the periodic re-sends of a {@link ResendingReceiver}: a firing
 * notification replaces the alert's previous one, a resolved one removes it.
 */
public final class ActiveAlerts {
    private final Map<String, AlertNotification> firing = new LinkedHashMap<>();

    public void record(AlertNotification notification) {
        if (notification.isResolved()) {
            firing.remove(notification.alertId());
        } else {
            firing.put(notification.alertId(), notification);
        }
    }

    public List<AlertNotification> firing() {
        return List.copyOf(firing.values());
    }
}
