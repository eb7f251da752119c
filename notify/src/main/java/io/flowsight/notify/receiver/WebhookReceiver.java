package io.flowsight.notify.receiver;

import io.flowsight.notify.AlertLink;
import io.flowsight.notify.AlertNotification;
import io.flowsight.notify.OutboundRequest;
import io.flowsight.notify.Receiver;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Any HTTP endpoint, signed per the Standard Webhooks specification: headers {@code webhook-id},
 * {@code webhook-timestamp} and {@code webhook-signature}, over a body in the destination's {@link WebhookFormat}.
 */
public record WebhookReceiver(URI url, WebhookSigningKey key, WebhookFormat format, AlertLink link)
        implements Receiver {

    public WebhookReceiver {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(link, "link");
    }

    @Override
    public OutboundRequest requestFor(AlertNotification notification, Instant attemptTime) {
        String body = format.body(notification, link);
        String id = webhookId(notification);
        long timestamp = attemptTime.getEpochSecond();
        return OutboundRequest.json(url, body)
                .withHeader("webhook-id", id)
                .withHeader("webhook-timestamp", Long.toString(timestamp))
                .withHeader("webhook-signature", key.sign(id, timestamp, body));
    }

    /**
     * The notification's idempotency key: the same for every retry and re-delivery of it, different for the firing and
     * the resolution of one alert. A digest of the alert id and status rather than the id itself, because the
     * specification forbids {@code .} in the signed id and alert ids hold addresses.
     */
    public static String webhookId(AlertNotification notification) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (notification.alertId() + "\n" + notification.status().wireName())
                            .getBytes(StandardCharsets.UTF_8));
            return "alert_" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String kind() {
        return "webhook";
    }
}
