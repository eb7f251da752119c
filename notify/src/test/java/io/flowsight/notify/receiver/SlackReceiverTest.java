package io.flowsight.notify.receiver;

import io.flowsight.notify.AlertLink;
import io.flowsight.notify.DeliveryOutcome;
import io.flowsight.notify.DestinationSender;
import io.flowsight.notify.ManualTime;
import io.flowsight.notify.OneDestination;
import io.flowsight.notify.RecordingReceiver;
import io.flowsight.notify.RecordingReceiver.Request;
import io.flowsight.notify.RecordingReceiver.Response;
import io.flowsight.notify.SampleAlerts;
import io.flowsight.notify.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.flowsight.notify.OneDestination.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Slack incoming webhooks: Block Kit with a text fallback, escaped, paced, and patient with 429. */
class SlackReceiverTest {
    private static final AlertLink LINK = AlertLink.under(URI.create("https://flowsight.example.com"));

    private final ManualTime time = new ManualTime(Instant.parse("2026-03-02T10:01:05Z"));
    private RecordingReceiver slack;

    @BeforeEach
    void start() throws Exception {
        slack = RecordingReceiver.start();
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private SlackReceiver receiver() {
        return new SlackReceiver(new Secret(slack.uri("/services/T000/B000/XXXX").toString()), LINK);
    }

    @Test
    void aFiringAlertIsPostedAsBlocksWithATextFallback() throws Exception {
        OneDestination.deliver(receiver(), SampleAlerts.portScan(), time);

        Request request = slack.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.pathAndQuery()).isEqualTo("/services/T000/B000/XXXX");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(json(request.body())).isEqualTo(json("""
                {
                  "text": "High: port_scan from 203.0.113.7: 203.0.113.7 probed 180 ports on 3 hosts in one minute",
                  "blocks": [
                    {"type": "header", "text": {"type": "plain_text", "text": "High: port_scan from 203.0.113.7"}},
                    {"type": "section", "text": {"type": "mrkdwn",
                      "text": "203.0.113.7 probed 180 ports on 3 hosts in one minute"}},
                    {"type": "section", "fields": [
                      {"type": "mrkdwn", "text": "*Severity*\\nhigh"},
                      {"type": "mrkdwn", "text": "*Detector*\\nport_scan"},
                      {"type": "mrkdwn", "text": "*Address*\\n203.0.113.7"},
                      {"type": "mrkdwn", "text": "*Status*\\nfiring"},
                      {"type": "mrkdwn", "text": "*Log*\\nvpcflow"},
                      {"type": "mrkdwn", "text": "*Occurrences*\\n1"}
                    ]},
                    {"type": "section", "text": {"type": "mrkdwn",
                      "text": "*Evidence*\\n• distinct_hosts: 3\\n• distinct_ports: 180"}},
                    {"type": "context", "elements": [{"type": "mrkdwn",
                      "text": "<https://flowsight.example.com/api/alerts?ip=203.0.113.7|Open in FlowSight>"}]}
                  ]
                }
                """));
    }

    @Test
    void aResolvedAlertSaysSoInItsHeadline() throws Exception {
        OneDestination.deliver(receiver(), SampleAlerts.portScanResolved(), time);

        assertThat(json(slack.onlyRequest().body()).get("blocks").get(0).get("text").get("text").asText())
                .isEqualTo("Resolved: port_scan from 203.0.113.7");
    }

    @Test
    void textFromLogsCannotMentionChannelsOrInjectLinks() throws Exception {
        OneDestination.deliver(receiver(), SampleAlerts.withText(
                "Login burst <!channel> see <https://evil.example/|your account> & act",
                Map.of("user_agent", "<@U024BE7LH> <!here>", "path", "/a?x=1&y=<2>")), time);

        String body = slack.onlyRequest().body();
        assertThat(body).doesNotContain("<!channel>", "<!here>", "<@U024BE7LH>", "<https://evil");
        assertThat(json(body).get("text").asText()).isEqualTo("High: port_scan from 203.0.113.7: Login burst "
                + "&lt;!channel&gt; see &lt;https://evil.example/|your account&gt; &amp; act");
        assertThat(json(body).get("blocks").get(1).get("text").get("text").asText()).isEqualTo("Login burst "
                + "&lt;!channel&gt; see &lt;https://evil.example/|your account&gt; &amp; act");
        assertThat(json(body).get("blocks").get(3).get("text").get("text").asText()).isEqualTo("*Evidence*\n"
                + "• path: /a?x=1&amp;y=&lt;2&gt;\n• user_agent: &lt;@U024BE7LH&gt; &lt;!here&gt;");
    }

    @Test
    void longTextIsCutToBlockKitsLimits() {
        String longSummary = "s".repeat(5000);

        String body = receiver().requestFor(SampleAlerts.withText(longSummary, Map.of()), time.instant()).body();

        String section = json(body).get("blocks").get(1).get("text").get("text").asText();
        assertThat(section).hasSize(3000).endsWith("…");
        assertThat(json(body).get("text").asText()).hasSize(3000);
    }

    @Test
    void consecutiveMessagesAreSentAtMostOncePerSecond() throws Exception {
        DestinationSender sender = OneDestination.sender(receiver(), SlackReceiver.DEFAULT_MINIMUM_INTERVAL, time);

        sender.deliver(SampleAlerts.portScan());
        sender.deliver(SampleAlerts.portScanResolved());
        sender.deliver(SampleAlerts.withIp("198.51.100.9"));

        assertThat(slack.requests()).hasSize(3);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void a429IsRetriedAfterTheRetryAfterSlackGives() throws Exception {
        slack.answer(Response.of(429, "rate_limited").withHeader("Retry-After", "4"));

        DeliveryOutcome outcome = OneDestination.sender(receiver(), SlackReceiver.DEFAULT_MINIMUM_INTERVAL, time)
                .deliver(SampleAlerts.portScan());

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(slack.requests()).hasSize(2);
        // The 4 s Slack asked for already cover the 1 s pacing, so the second request waits for nothing else.
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(4));
    }

    @Test
    void theWebhookUrlIsASecretAndDoesNotShowInTheReceiversDescription() {
        assertThat(receiver().toString()).doesNotContain("XXXX");
    }
}
