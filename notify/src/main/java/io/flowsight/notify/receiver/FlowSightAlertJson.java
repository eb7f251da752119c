package io.flowsight.notify.receiver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowsight.notify.AlertLink;
import io.flowsight.notify.AlertNotification;

/**
 * FlowSight's own webhook body, version 1 (documented in notify/README.md). Every key is always present, null when
 * unknown, so receivers can rely on the shape; new keys may be added within a version, none removed or retyped.
 */
final class FlowSightAlertJson {
    static final int VERSION = 1;

    private FlowSightAlertJson() {
    }

    static String render(AlertNotification alert, AlertLink link) {
        ObjectNode body = JsonBody.object();
        body.put("version", VERSION);
        body.put("type", "alert." + alert.status().wireName());
        body.put("timestamp", alert.eventTime().toString());
        body.put("alert_id", alert.alertId());
        body.put("status", alert.status().wireName());
        body.put("detector", alert.detector());
        body.put("ip", alert.ip());
        body.put("severity", alert.severity().wireName());
        body.put("log_type", alert.logType().orElse(null));
        if (alert.internal().isPresent()) {
            body.put("internal", alert.internal().get());
        } else {
            body.putNull("internal");
        }
        body.put("summary", alert.summary());
        body.set("evidence", JsonBody.objectOf(alert.evidence()));
        if (alert.score().isPresent()) {
            body.put("score", alert.score().getAsDouble());
        } else {
            body.putNull("score");
        }
        body.put("occurrences", alert.occurrences());
        body.put("first_seen", alert.firstSeen().toString());
        body.put("last_seen", alert.lastSeen().toString());
        body.put("window_start", alert.windowStart().toString());
        body.put("window_end", alert.windowEnd().toString());
        body.put("resolved_at", alert.resolvedAt().map(Object::toString).orElse(null));
        body.put("link", link.forAlert(alert).map(Object::toString).orElse(null));
        return JsonBody.write(body);
    }
}
