package io.flowsight.notify.receiver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowsight.notify.AlertLink;
import io.flowsight.notify.AlertNotification;
import io.flowsight.notify.OutboundRequest;
import io.flowsight.notify.ResendingReceiver;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Prometheus Alertmanager, through its API v2: {@code POST /api/v2/alerts} with an array of {@code postableAlert}
 * (labels, annotations, startsAt, endsAt, generatorURL).
 *
 * <p>The labels are the alert's identity to Alertmanager (it groups, routes, silences and de-duplicates on them), so
 * they hold only what is stable for one alert: {@code alertname} (the detector), {@code src_ip}, {@code severity},
 * {@code log_type} and {@code internal}. A firing alert is sent without {@code endsAt}: Alertmanager then considers it
 * firing until {@code resolve_timeout} (5 minutes by default) after it last heard of it, which is why firing alerts
 * must be re-sent more often than that ({@link #resendInterval()}, 1 minute by default, as Prometheus does). A
 * resolved alert is sent with {@code endsAt} = its resolution time, which resolves it at once.
 *
 * @param alertmanager the Alertmanager's base URL, e.g. {@code http://alertmanager:9093}
 */
public record AlertmanagerReceiver(URI alertmanager, AlertLink link, Duration resendInterval)
        implements ResendingReceiver {
    public static final Duration DEFAULT_RESEND_INTERVAL = Duration.ofMinutes(1);
    /** Alertmanager's own default {@code resolve_timeout}. */
    public static final Duration DEFAULT_RESOLVE_TIMEOUT = Duration.ofMinutes(5);

    public AlertmanagerReceiver {
        Objects.requireNonNull(alertmanager, "alertmanager");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(resendInterval, "resendInterval");
    }

    public URI alertsEndpoint() {
        String base = alertmanager.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v2/alerts");
    }

    @Override
    public OutboundRequest requestFor(AlertNotification notification, Instant attemptTime) {
        return requestForActive(List.of(notification), attemptTime);
    }

    @Override
    public OutboundRequest requestForActive(List<AlertNotification> alerts, Instant attemptTime) {
        ArrayNode body = JsonBody.array();
        alerts.forEach(alert -> body.add(postableAlert(alert)));
        return OutboundRequest.json(alertsEndpoint(), JsonBody.write(body));
    }

    @Override
    public String kind() {
        return "alertmanager";
    }

    private ObjectNode postableAlert(AlertNotification alert) {
        ObjectNode labels = JsonBody.object();
        labels.put("alertname", alert.detector());
        labels.put("src_ip", alert.ip());
        labels.put("severity", alert.severity().wireName());
        // Absent rather than empty: Alertmanager treats an empty label as no label, but a receiver's template may not.
        alert.logType().ifPresent(type -> labels.put("log_type", type));
        alert.internal().ifPresent(internal -> labels.put("internal", internal.toString()));

        ObjectNode annotations = JsonBody.object();
        annotations.put("summary", alert.summary());
        if (!alert.evidence().isEmpty()) {
            annotations.put("evidence", alert.evidenceText());
        }
        annotations.put("alert_id", alert.alertId());

        ObjectNode postable = JsonBody.object();
        postable.set("labels", labels);
        postable.set("annotations", annotations);
        postable.put("startsAt", alert.firstSeen().toString());
        alert.resolvedAt().ifPresent(end -> postable.put("endsAt", end.toString()));
        link.forAlert(alert).ifPresent(uri -> postable.put("generatorURL", uri.toString()));
        return postable;
    }
}
