package io.flowsight.ingest.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The wrappers AWS puts around log lines on their way to a consumer, opened to the lines inside:
 * <ul>
 *   <li>a CloudWatch Logs subscription as Lambda receives it, {@code {"awslogs":{"data":"<base64 gzip>"}}};</li>
 *   <li>the decoded subscription message, {@code {"messageType":"DATA_MESSAGE", …, "logEvents":[{"message":…}]}};
 *       a {@code CONTROL_MESSAGE} (sent to check the destination is reachable) holds no log lines;</li>
 *   <li>the {@code {"message":"…"}} wrapper of Firehose deliveries and log shippers.</li>
 * </ul>
 * Anything else is not an envelope and is read as it is.
 */
public final class LogEnvelope {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What an envelope held.
     *
     * @param control   true for a CloudWatch Logs CONTROL_MESSAGE
     * @param logGroup  the CloudWatch log group, when known
     * @param logStream the CloudWatch log stream (for flow logs, the interface id), when known
     */
    public record Contents(List<String> messages, boolean control, String logGroup, String logStream) {
    }

    private LogEnvelope() {
    }

    /**
     * Opens {@code text} if it is one of the envelopes.
     *
     * @return the contents, or empty when the text is not an envelope (e.g. a plain flow-log line)
     * @throws ParseException when it is an envelope whose payload cannot be decoded
     */
    public static Optional<Contents> open(String text) throws ParseException {
        String trimmed = text.strip();
        if (!trimmed.startsWith("{")) {
            return Optional.empty();
        }
        JsonNode json;
        try {
            json = JSON.readTree(trimmed);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        return open(json);
    }

    /**
     * Opens {@code json}, text that is one JSON value (a pretty-printed document read whole), if it is one of the
     * envelopes.
     *
     * @throws ParseException when the text is not valid JSON, or is an envelope whose payload cannot be decoded
     */
    public static Optional<Contents> openJsonValue(String json) throws ParseException {
        JsonNode value;
        try {
            value = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ParseException(RejectReason.BAD_JSON, "Not valid JSON (at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + " of the value): " + e.getOriginalMessage() + ".");
        }
        return open(value);
    }

    /** Opens an already-parsed JSON value if it is one of the envelopes. */
    public static Optional<Contents> open(JsonNode json) throws ParseException {
        if (json == null || !json.isObject()) {
            return Optional.empty();
        }
        if (json.path("awslogs").has("data")) {
            return Optional.of(subscription(decode(json.path("awslogs").path("data").asText())));
        }
        if (json.has("messageType") && json.has("logEvents")) {
            return Optional.of(subscription(json));
        }
        if (json.path("message").isTextual() && !json.has("eventTime") && !json.has("detail")) {
            return Optional.of(new Contents(List.of(json.path("message").asText()), false, null, null));
        }
        return Optional.empty();
    }

    private static Contents subscription(JsonNode message) throws ParseException {
        String type = message.path("messageType").asText();
        String group = message.path("logGroup").asText(null);
        String stream = message.path("logStream").asText(null);
        if (type.equals("CONTROL_MESSAGE")) {
            return new Contents(List.of(), true, group, stream);
        }
        if (!type.equals("DATA_MESSAGE")) {
            throw new ParseException(RejectReason.BAD_JSON, "A CloudWatch Logs subscription message has messageType "
                    + "DATA_MESSAGE or CONTROL_MESSAGE, not '" + type + "'.");
        }
        List<String> messages = new ArrayList<>();
        for (JsonNode event : message.path("logEvents")) {
            if (event.path("message").isTextual()) {
                messages.add(event.path("message").asText());
            }
        }
        return new Contents(messages, false, group, stream);
    }

    private static JsonNode decode(String base64) throws ParseException {
        byte[] compressed;
        try {
            compressed = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new ParseException(RejectReason.MALFORMED, "awslogs.data is not base64: " + e.getMessage() + ".");
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return JSON.readTree(in.readAllBytes());
        } catch (JsonProcessingException e) {
            throw new ParseException(RejectReason.BAD_JSON, "awslogs.data does not hold JSON: "
                    + e.getOriginalMessage() + ".");
        } catch (IOException e) {
            throw new ParseException(RejectReason.MALFORMED, "awslogs.data is not gzip-compressed: "
                    + e.getMessage() + ".");
        }
    }
}
