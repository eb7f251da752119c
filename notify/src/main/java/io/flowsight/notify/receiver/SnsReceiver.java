package io.flowsight.notify.receiver;

import io.flowsight.aws.signing.AwsCredentialsSource;
import io.flowsight.aws.signing.AwsSigV4;
import io.flowsight.aws.signing.SignedPost;
import io.flowsight.notify.AlertLink;
import io.flowsight.notify.AlertNotification;
import io.flowsight.notify.AttemptResult;
import io.flowsight.notify.OutboundRequest;
import io.flowsight.notify.Receiver;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An Amazon SNS topic, through its {@code Publish} action (the Query protocol: a form-encoded POST signed with SigV4
 * for the {@code sns} service). The message is FlowSight's own JSON, the body a {@code webhook} destination gets, so
 * subscribers (SQS queues, Lambda functions, HTTPS endpoints) read one format; the subject serves e-mail subscribers;
 * the severity, detector and status are message attributes, so subscription filter policies can route on them.
 *
 * <p>A FIFO topic ({@code .fifo}) gets the address as the message group (one address's notifications stay in order)
 * and a digest of the alert id and status as the de-duplication id, so a retry or re-delivery of one notification
 * within SNS's five-minute de-duplication interval is published once.
 *
 * @param endpoint where Publish is POSTed: SNS's regional endpoint, or an override (a VPC endpoint, a test server)
 */
public record SnsReceiver(SnsTopicArn topic, URI endpoint, AwsCredentialsSource credentials, AlertLink link)
        implements Receiver {
    static final String SIGNING_NAME = "sns";
    static final String API_VERSION = "2010-03-31";
    static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";
    /** SNS's limits: the subject (printable ASCII, less than 100 characters) and the message with its attributes. */
    static final int SUBJECT_MAX = 100;
    static final int MESSAGE_MAX_BYTES = 256 * 1024;
    /** When the full message would be too large: the summary and each evidence value are cut to this. */
    static final int SHORTENED_TEXT = 1024;

    public SnsReceiver {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(link, "link");
    }

    /** SNS's endpoint in the topic's region, e.g. {@code https://sns.eu-west-1.amazonaws.com/}. */
    public static URI defaultEndpoint(SnsTopicArn topic) {
        return topic.region().endpoint(SIGNING_NAME).resolve("/");
    }

    @Override
    public OutboundRequest requestFor(AlertNotification alert, Instant attemptTime) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", "Publish");
        form.put("Version", API_VERSION);
        form.put("TopicArn", topic.toString());
        form.put("Subject", subject(alert));
        Map<String, String> attributes = attributes(alert);
        form.put("Message", message(alert, attributes));
        int entry = 0;
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String prefix = "MessageAttributes.entry." + ++entry + ".";
            form.put(prefix + "Name", attribute.getKey());
            form.put(prefix + "Value.DataType", "String");
            form.put(prefix + "Value.StringValue", attribute.getValue());
        }
        if (topic.isFifo()) {
            form.put("MessageGroupId", alert.ip());
            form.put("MessageDeduplicationId", deduplicationId(alert));
        }
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        URI uri = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? endpoint.resolve("/") : endpoint;
        SignedPost signed = AwsSigV4.signedPost(uri, CONTENT_TYPE, body, SIGNING_NAME, topic.region(),
                credentials.resolve(), attemptTime);
        return new OutboundRequest(signed.uri(), signed.headers(), signed.body());
    }

    @Override
    public AttemptResult review(AttemptResult result) {
        return AwsErrorAnswer.review(result, "SNS", "check topic-arn, and that the credentials' principal may "
                + "sns:Publish to it (and use the topic's KMS key, if it is encrypted)");
    }

    @Override
    public String kind() {
        return "sns";
    }

    /**
     * {@code [FlowSight] High: port_scan from 203.0.113.7}: printable ASCII only (anything else becomes {@code ?}),
     * under SNS's 100 characters.
     */
    static String subject(AlertNotification alert) {
        String state = alert.isResolved() ? "Resolved" : capitalised(alert.severity().wireName());
        String text = "[FlowSight] " + state + ": " + alert.detector() + " from " + alert.ip();
        StringBuilder ascii = new StringBuilder(text.length());
        text.codePoints().forEach(c -> ascii.append(c >= 0x20 && c <= 0x7e ? (char) c : '?'));
        return ascii.length() < SUBJECT_MAX ? ascii.toString() : ascii.substring(0, SUBJECT_MAX - 4) + "...";
    }

    /** The attributes subscription filter policies can match. */
    static Map<String, String> attributes(AlertNotification alert) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("severity", alert.severity().wireName());
        attributes.put("detector", alert.detector());
        attributes.put("status", alert.status().wireName());
        return attributes;
    }

    /**
     * FlowSight's JSON; if it and the attributes would exceed SNS's 256 KiB, the summary and every evidence value are
     * cut to 1024 characters, and if that is still too much the evidence is left out but for a note saying so.
     */
    String message(AlertNotification alert, Map<String, String> attributes) {
        int budget = MESSAGE_MAX_BYTES - attributes.entrySet().stream()
                .mapToInt(a -> utf8Length(a.getKey()) + utf8Length("String") + utf8Length(a.getValue())).sum();
        String full = FlowSightAlertJson.render(alert, link);
        if (utf8Length(full) <= budget) {
            return full;
        }
        String summary = TextLimit.shorten(alert.summary(), SHORTENED_TEXT);
        Map<String, String> evidence = new TreeMap<>();
        alert.evidence().forEach((key, value) -> evidence.put(key, TextLimit.shorten(value, SHORTENED_TEXT)));
        String shortened = FlowSightAlertJson.render(withText(alert, summary, evidence), link);
        if (utf8Length(shortened) <= budget) {
            return shortened;
        }
        String note = "the evidence (" + alert.evidence().size() + " entries) was left out: with it the message "
                + "exceeds SNS's 256 KiB";
        return FlowSightAlertJson.render(withText(alert, summary, Map.of("flowsight_note", note)), link);
    }

    /** The same for every retry and re-delivery of one notification; different for the firing and the resolution. */
    static String deduplicationId(AlertNotification alert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((alert.alertId() + "\n" + alert.status().wireName()).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Percent-encoding as AWS's Query APIs and their signers expect it: RFC 3986 unreserved characters kept. */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static AlertNotification withText(AlertNotification a, String summary, Map<String, String> evidence) {
        return new AlertNotification(a.alertId(), a.ip(), a.detector(), a.severity(), a.status(), a.windowStart(),
                a.windowEnd(), a.firstSeen(), a.lastSeen(), a.score(), summary, new TreeMap<>(evidence),
                a.occurrences(), a.resolvedAt(), a.logType(), a.internal());
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
