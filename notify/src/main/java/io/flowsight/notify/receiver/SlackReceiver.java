package io.flowsight.notify.receiver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowsight.notify.AlertLink;
import io.flowsight.notify.AlertNotification;
import io.flowsight.notify.OutboundRequest;
import io.flowsight.notify.Receiver;
import io.flowsight.notify.Secret;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A Slack incoming webhook: a message with Block Kit {@code blocks} and a plain {@code text} fallback for
 * notifications and clients without blocks. Every value that comes from logs is mrkdwn-escaped
 * ({@link SlackMrkdwn}); the header block is plain text and holds only the severity, detector and address. Slack
 * accepts about one message per second per webhook, hence {@link #DEFAULT_MINIMUM_INTERVAL}.
 *
 * @param webhookUrl a secret: the URL itself is the credential
 */
public record SlackReceiver(Secret webhookUrl, AlertLink link) implements Receiver {
    public static final Duration DEFAULT_MINIMUM_INTERVAL = Duration.ofSeconds(1);

    /** Block Kit's limits: a header's text, a section's text, a section field's text. */
    static final int HEADER_MAX = 150;
    static final int SECTION_MAX = 3000;
    static final int FIELD_MAX = 2000;

    public SlackReceiver {
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        Objects.requireNonNull(link, "link");
    }

    @Override
    public OutboundRequest requestFor(AlertNotification alert, Instant attemptTime) {
        String state = alert.isResolved() ? "Resolved" : capitalised(alert.severity().wireName());
        String headline = state + ": " + alert.detector() + " from " + alert.ip();

        ArrayNode blocks = JsonBody.array();
        blocks.add(textBlock("header", "plain_text", TextLimit.shorten(headline, HEADER_MAX)));
        blocks.add(textBlock("section", "mrkdwn", TextLimit.shorten(SlackMrkdwn.escape(alert.summary()), SECTION_MAX)));

        ArrayNode fields = JsonBody.array();
        fields.add(field("Severity", alert.severity().wireName()));
        fields.add(field("Detector", alert.detector()));
        fields.add(field("Address", alert.ip()));
        fields.add(field("Status", alert.status().wireName()));
        alert.logType().ifPresent(type -> fields.add(field("Log", type)));
        fields.add(field("Occurrences", Integer.toString(alert.occurrences())));
        ObjectNode facts = JsonBody.object();
        facts.put("type", "section");
        facts.set("fields", fields);
        blocks.add(facts);

        if (!alert.evidence().isEmpty()) {
            blocks.add(textBlock("section", "mrkdwn", TextLimit.shorten("*Evidence*\n" + evidenceLines(alert),
                    SECTION_MAX)));
        }
        link.forAlert(alert).ifPresent(uri -> {
            ObjectNode context = JsonBody.object();
            context.put("type", "context");
            context.set("elements", JsonBody.array().add(text("mrkdwn", "<" + uri + "|Open in FlowSight>")));
            blocks.add(context);
        });

        ObjectNode message = JsonBody.object();
        // The fallback is read as mrkdwn too, so the summary is escaped there as well.
        message.put("text", TextLimit.shorten(headline + ": " + SlackMrkdwn.escape(alert.summary()), SECTION_MAX));
        message.set("blocks", blocks);
        return OutboundRequest.json(URI.create(webhookUrl.reveal()), JsonBody.write(message));
    }

    @Override
    public String kind() {
        return "slack";
    }

    private static String evidenceLines(AlertNotification alert) {
        return alert.evidence().entrySet().stream()
                .map((Map.Entry<String, String> e) -> "• " + SlackMrkdwn.escape(e.getKey()) + ": "
                        + SlackMrkdwn.escape(e.getValue()))
                .collect(Collectors.joining("\n"));
    }

    private static ObjectNode field(String label, String value) {
        return text("mrkdwn", TextLimit.shorten("*" + label + "*\n" + SlackMrkdwn.escape(value), FIELD_MAX));
    }

    private static ObjectNode textBlock(String type, String textType, String content) {
        ObjectNode block = JsonBody.object();
        block.put("type", type);
        block.set("text", text(textType, content));
        return block;
    }

    private static ObjectNode text(String type, String content) {
        ObjectNode text = JsonBody.object();
        text.put("type", type);
        text.put("text", content);
        return text;
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
