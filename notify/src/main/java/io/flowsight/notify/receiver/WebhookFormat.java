package io.flowsight.notify.receiver;

import io.flowsight.notify.AlertLink;
import io.flowsight.notify.AlertNotification;

import java.util.Arrays;
import java.util.Optional;

/** The body a webhook destination receives: FlowSight's own JSON, or an OCSF Detection Finding for a SIEM. */
public enum WebhookFormat {
    FLOWSIGHT("flowsight") {
        @Override
        public String body(AlertNotification notification, AlertLink link) {
            return FlowSightAlertJson.render(notification, link);
        }
    },
    OCSF("ocsf") {
        @Override
        public String body(AlertNotification notification, AlertLink link) {
            return OcsfDetectionFinding.render(notification, link);
        }
    };

    private final String configName;

    WebhookFormat(String configName) {
        this.configName = configName;
    }

    public abstract String body(AlertNotification notification, AlertLink link);

    public String configName() {
        return configName;
    }

    public static Optional<WebhookFormat> fromConfigName(String name) {
        return Arrays.stream(values()).filter(f -> f.configName.equals(name)).findFirst();
    }
}
