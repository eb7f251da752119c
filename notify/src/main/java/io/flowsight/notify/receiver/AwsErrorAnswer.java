package io.flowsight.notify.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowsight.notify.AttemptResult;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The error an AWS API answered with: its code and message, read from the XML of the Query protocol (SNS) or the JSON
 * of the REST-JSON protocol (Security Hub), so a dead letter says what AWS said, and a throttled request is retried
 * whatever status it came with (the Query protocol's {@code Throttling} is a 400).
 */
record AwsErrorAnswer(String code, String message) {
    /** The codes AWS SDKs treat as throttling, across the protocols. */
    static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "RequestThrottledException", "TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled",
            "SlowDown", "LimitExceededException", "BandwidthLimitExceeded");

    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    /** The error in {@code body}, when it holds one in either protocol's shape. */
    static Optional<AwsErrorAnswer> in(String body) {
        String text = body.strip();
        if (text.startsWith("{")) {
            Optional<JsonNode> json = JsonBody.read(text);
            if (json.isEmpty()) {
                return Optional.empty();
            }
            // REST-JSON: "__type" or "code"/"Code", sometimes as "namespace#Code"; "message" or "Message".
            String code = text(json.get(), "__type", "code", "Code");
            if (code.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new AwsErrorAnswer(code.substring(code.lastIndexOf('#') + 1),
                    text(json.get(), "message", "Message")));
        }
        Matcher code = XML_CODE.matcher(text);
        if (!code.find()) {
            return Optional.empty();
        }
        Matcher message = XML_MESSAGE.matcher(text);
        return Optional.of(new AwsErrorAnswer(unescapeXml(code.group(1)),
                message.find() ? unescapeXml(message.group(1)) : ""));
    }

    boolean isThrottling() {
        return THROTTLING.contains(code);
    }

    /** {@code Code: message}, or the code alone. */
    String describe() {
        return message.isBlank() ? code : code + ": " + message;
    }

    /**
     * The status's verdict, except that a refusal naming throttling is retried, and any other refusal is explained
     * by AWS's own code and message, to which {@code advice} adds what to check.
     *
     * @param service how the explanation names the service, e.g. "SNS"
     */
    static AttemptResult review(AttemptResult result, String service, String advice) {
        if (!(result instanceof AttemptResult.FailedPermanently refused)) {
            return result;
        }
        Optional<AwsErrorAnswer> error = in(refused.bodyExcerpt());
        if (error.isEmpty()) {
            return result;
        }
        if (error.get().isThrottling()) {
            return new AttemptResult.RetryAfter(OptionalInt.of(refused.status()), Optional.empty(),
                    refused.bodyExcerpt(), Optional.empty());
        }
        return new AttemptResult.FailedPermanently(refused.status(), refused.bodyExcerpt(), Optional.of(service
                + " refused the request with HTTP " + refused.status() + " (" + error.get().describe() + "); sending "
                + "it again would not change that: " + advice + "."));
    }

    private static String text(JsonNode node, String... names) {
        for (String name : names) {
            if (node.path(name).isTextual()) {
                return node.path(name).asText();
            }
        }
        return "";
    }

    private static String unescapeXml(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }
}
