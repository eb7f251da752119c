package io.flowsight.notify.receiver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowsight.notify.AlertLink;
import io.flowsight.notify.AlertNotification;
import io.flowsight.notify.OutboundRequest;
import io.flowsight.notify.Receiver;
import io.flowsight.notify.Secret;
import io.flowsight.schemas.Severity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * PagerDuty's Events API v2: a {@code trigger} event while the alert fires (repeats update the same PagerDuty alert,
 * since they share the {@code dedup_key}), a {@code resolve} event when it resolves. PagerDuty answers 202 with
 * {@code {"status":"success","dedup_key":...}} when it queued the event, 400 for an invalid one and 429 when the
 * integration key is over its rate; {@link io.flowsight.notify.AttemptResult} handles all three.
 *
 * @param routingKey the integration key of the PagerDuty service
 */
public record PagerDutyReceiver(URI eventsUrl, Secret routingKey, AlertLink link) implements Receiver {
    public static final URI DEFAULT_EVENTS_URL = URI.create("https://events.pagerduty.com/v2/enqueue");

    /** The Events API's limits on {@code payload.summary} and {@code dedup_key}. */
    static final int SUMMARY_MAX = 1024;
    static final int DEDUP_KEY_MAX = 255;

    public PagerDutyReceiver {
        Objects.requireNonNull(eventsUrl, "eventsUrl");
        Objects.requireNonNull(routingKey, "routingKey");
        Objects.requireNonNull(link, "link");
    }

    @Override
    public OutboundRequest requestFor(AlertNotification alert, Instant attemptTime) {
        ObjectNode event = JsonBody.object();
        event.put("routing_key", routingKey.reveal());
        event.put("event_action", alert.isResolved() ? "resolve" : "trigger");
        event.put("dedup_key", dedupKey(alert));
        if (!alert.isResolved()) {
            event.set("payload", payload(alert));
            event.put("client", "FlowSight");
            link.forAlert(alert).ifPresent(uri -> {
                event.put("client_url", uri.toString());
                ObjectNode href = JsonBody.object();
                href.put("href", uri.toString());
                href.put("text", "Alerts of " + alert.ip() + " in FlowSight");
                event.set("links", JsonBody.array().add(href));
            });
        }
        return OutboundRequest.json(eventsUrl, JsonBody.write(event));
    }

    @Override
    public String kind() {
        return "pagerduty";
    }

    /** PagerDuty's four severities, from FlowSight's. */
    static String severity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "critical";
            case HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW -> "info";
        };
    }

    /** The alert id, or its digest when it is longer than PagerDuty keeps (the same digest for trigger and resolve). */
    static String dedupKey(AlertNotification alert) {
        if (alert.alertId().length() <= DEDUP_KEY_MAX) {
            return alert.alertId();
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(alert.alertId().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static ObjectNode payload(AlertNotification alert) {
        ObjectNode payload = JsonBody.object();
        payload.put("summary", TextLimit.shorten(alert.summary(), SUMMARY_MAX));
        payload.put("source", alert.ip());
        payload.put("severity", severity(alert.severity()));
        payload.put("timestamp", alert.lastSeen().toString());
        // component: the log the evidence came from; group: which side of the network the address is on; class: what
        // kind of detection. PagerDuty's event rules and grouping can key on each.
        alert.logType().ifPresent(type -> payload.put("component", type));
        alert.internal().ifPresent(internal -> payload.put("group", internal ? "internal" : "external"));
        payload.put("class", alert.detector());

        ObjectNode details = JsonBody.object();
        details.put("alert_id", alert.alertId());
        details.put("detector", alert.detector());
        details.put("ip", alert.ip());
        details.put("severity", alert.severity().wireName());
        alert.logType().ifPresent(type -> details.put("log_type", type));
        alert.internal().ifPresent(internal -> details.put("internal", internal));
        alert.score().ifPresent(score -> details.put("score", score));
        details.put("occurrences", alert.occurrences());
        details.put("first_seen", alert.firstSeen().toString());
        details.put("last_seen", alert.lastSeen().toString());
        details.set("evidence", JsonBody.objectOf(alert.evidence()));
        payload.set("custom_details", details);
        return payload;
    }
}
