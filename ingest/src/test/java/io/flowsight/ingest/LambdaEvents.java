package io.flowsight.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * CloudWatch Logs subscription events as Lambda receives them, built here: {@code {"awslogs": {"data": …}}} whose
 * data is the base64 of the gzipped DATA_MESSAGE holding the given log lines, pretty-printed over five lines as
 * AWS's samples and Lambda's console show them.
 */
public final class LambdaEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LambdaEvents() {
    }

    /** The pretty-printed event (five lines, no final newline) carrying {@code lines} from a flow-log group. */
    public static String prettyPrinted(List<String> lines) {
        return "{\n  \"awslogs\": {\n    \"data\": \"" + data(lines) + "\"\n  }\n}";
    }

    /** The base64 of the gzipped subscription message. */
    public static String data(List<String> lines) {
        ObjectNode message = JSON.createObjectNode().put("messageType", "DATA_MESSAGE").put("owner", "123456789012")
                .put("logGroup", "vpc-flow-logs").put("logStream", "eni-0a1b2c3d-all");
        message.putArray("subscriptionFilters").add("all-flows");
        ArrayNode events = message.putArray("logEvents");
        for (int i = 0; i < lines.size(); i++) {
            events.addObject().put("id", Integer.toString(i)).put("timestamp", 1_700_000_060_000L)
                    .put("message", lines.get(i));
        }
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(JSON.writeValueAsString(message).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(gzipped.toByteArray());
    }
}
