package io.flowsight.notify;

import java.util.Locale;
import java.util.Optional;

/** Where an alert is in its lifecycle: raised (or raised again by repeated evidence), or over. */
public enum AlertStatus {
    FIRING, RESOLVED;

    /** The spelling used on the alerts topic and in every body FlowSight sends: {@code firing} or {@code resolved}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AlertStatus> fromWireName(String text) {
        for (AlertStatus status : values()) {
            if (status.wireName().equals(text)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
