package io.flowsight.ingest.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the body of an SQS message that announces S3 objects, in the three shapes AWS delivers: an S3 event
 * notification ({@code {"Records":[{"eventSource":"aws:s3",…}]}}), the same wrapped by SNS (the notification as a
 * JSON string in {@code Message}), and an EventBridge "Object Created" event. S3's test event
 * ({@code s3:TestEvent}, sent when notifications are configured) is recognised and carries no object; so are
 * events other than object creation. Object keys arrive URL-encoded ({@code red+flower.jpg}) and are decoded.
 */
public final class S3NotificationMessages {
    private final ObjectMapper json = new ObjectMapper();

    /** What one message said. */
    public record Message(List<S3ObjectNotification> created, boolean testEvent, int otherEvents) {
    }

    /**
     * @throws IllegalArgumentException with one sentence on what is wrong, for a body that is no S3 notification
     *                                  (the caller dead-letters it)
     */
    public Message read(String body) {
        JsonNode root = parse(body, "The message body is not JSON");
        if (root.path("Type").asText().equals("Notification") && root.path("Message").isTextual()) {
            root = parse(root.path("Message").asText(), "The SNS notification's Message is not JSON");
        }
        if (root.path("Event").asText().equals("s3:TestEvent")) {
            return new Message(List.of(), true, 0);
        }
        if (root.path("Records").isArray()) {
            return fromS3Event(root.path("Records"));
        }
        if (root.path("source").asText().equals("aws.s3") && root.has("detail-type")) {
            return fromEventBridge(root);
        }
        throw new IllegalArgumentException("The message is neither an S3 event notification (Records), an SNS "
                + "notification wrapping one, nor an EventBridge aws.s3 event.");
    }

    private Message fromS3Event(JsonNode records) {
        List<S3ObjectNotification> created = new ArrayList<>();
        int other = 0;
        for (JsonNode record : records) {
            if (!record.path("eventName").asText().startsWith("ObjectCreated:")) {
                other++;
                continue;
            }
            JsonNode s3 = record.path("s3");
            JsonNode object = s3.path("object");
            created.add(new S3ObjectNotification(required(s3.path("bucket").path("name"), "s3.bucket.name"),
                    decode(required(object.path("key"), "s3.object.key")), text(object.path("versionId")),
                    text(object.path("eTag")), object.path("size").asLong(0),
                    time(record.path("eventTime"), "eventTime")));
        }
        return new Message(created, false, other);
    }

    private Message fromEventBridge(JsonNode event) {
        if (!event.path("detail-type").asText().equals("Object Created")) {
            return new Message(List.of(), false, 1);
        }
        JsonNode detail = event.path("detail");
        JsonNode object = detail.path("object");
        return new Message(List.of(new S3ObjectNotification(required(detail.path("bucket").path("name"),
                "detail.bucket.name"), decode(required(object.path("key"), "detail.object.key")),
                text(object.path("version-id")), text(object.path("etag")), object.path("size").asLong(0),
                time(event.path("time"), "time"))), false, 0);
    }

    private JsonNode parse(String text, String failure) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(failure + ": " + e.getOriginalMessage() + ".");
        }
    }

    private static String required(JsonNode node, String name) {
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw new IllegalArgumentException("The notification has no " + name + ".");
        }
        return node.asText();
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
    }

    private static Instant time(JsonNode node, String name) {
        try {
            return Instant.parse(required(node, name));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("The notification's " + name + " '" + node.asText()
                    + "' is not an ISO-8601 time.");
        }
    }

    /** S3 encodes keys as HTML forms do: '+' for a space, %XX for the rest. */
    private static String decode(String key) {
        try {
            return URLDecoder.decode(key, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The object key '" + key + "' is not URL-encoded as S3 encodes keys.");
        }
    }
}
