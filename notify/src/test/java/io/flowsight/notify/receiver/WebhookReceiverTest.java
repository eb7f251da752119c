package io.flowsight.notify.receiver;

import io.flowsight.notify.AlertLink;
import io.flowsight.notify.AlertNotification;
import io.flowsight.notify.DeliveryOutcome;
import io.flowsight.notify.ManualTime;
import io.flowsight.notify.OneDestination;
import io.flowsight.notify.RecordingReceiver;
import io.flowsight.notify.RecordingReceiver.Request;
import io.flowsight.notify.RecordingReceiver.Response;
import io.flowsight.notify.SampleAlerts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import static io.flowsight.notify.OneDestination.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Standard Webhooks: signed headers over FlowSight's JSON or an OCSF Detection Finding. */
class WebhookReceiverTest {
    /** A 32-byte key, the size `openssl rand -base64 32` makes. */
    private static final String SECRET = "whsec_Zmxvd3NpZ2h0LW5vdGlmeS10ZXN0cy0zMi1ieXRlcyE=";
    private static final Instant NOW = Instant.parse("2026-03-02T10:01:05Z");
    private static final AlertLink LINK = AlertLink.under(URI.create("https://flowsight.example.com"));

    private final ManualTime time = new ManualTime(NOW);
    private RecordingReceiver soc;

    @BeforeEach
    void start() throws Exception {
        soc = RecordingReceiver.start();
    }

    @AfterEach
    void stop() {
        soc.close();
    }

    private WebhookReceiver receiver(WebhookFormat format) {
        return new WebhookReceiver(soc.uri("/hooks/flowsight"), WebhookSigningKey.parse(SECRET), format, LINK);
    }

    @Test
    void theSignatureMatchesTheSpecificationsPublishedTestVector() {
        WebhookSigningKey key = WebhookSigningKey.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        assertThat(key.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aFiringAlertIsPostedAsFlowSightJsonWithStandardWebhooksHeaders() throws Exception {
        OneDestination.deliver(receiver(WebhookFormat.FLOWSIGHT), SampleAlerts.portScan(), time);

        Request request = soc.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.pathAndQuery()).isEqualTo("/hooks/flowsight");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("webhook-id")).isEqualTo(WebhookReceiver.webhookId(SampleAlerts.portScan()))
                .startsWith("alert_").doesNotContain(".");
        assertThat(request.header("webhook-timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(new StandardWebhooksVerifier(SECRET).verify(request.header("webhook-id"),
                request.header("webhook-timestamp"), request.header("webhook-signature"), request.body(), NOW))
                .isTrue();
        assertThat(json(request.body())).isEqualTo(json("""
                {
                  "version": 1,
                  "type": "alert.firing",
                  "timestamp": "2026-03-02T10:00:52Z",
                  "alert_id": "203.0.113.7|port_scan|2026-03-02T10:00:00Z",
                  "status": "firing",
                  "detector": "port_scan",
                  "ip": "203.0.113.7",
                  "severity": "high",
                  "log_type": "vpcflow",
                  "internal": false,
                  "summary": "203.0.113.7 probed 180 ports on 3 hosts in one minute",
                  "evidence": {"distinct_hosts": "3", "distinct_ports": "180"},
                  "score": 42.5,
                  "occurrences": 1,
                  "first_seen": "2026-03-02T10:00:07Z",
                  "last_seen": "2026-03-02T10:00:52Z",
                  "window_start": "2026-03-02T10:00:00Z",
                  "window_end": "2026-03-02T10:01:00Z",
                  "resolved_at": null,
                  "link": "https://flowsight.example.com/api/alerts?ip=203.0.113.7"
                }
                """));
    }

    @Test
    void aTamperedBodyOrTimestampFailsVerification() throws Exception {
        OneDestination.deliver(receiver(WebhookFormat.FLOWSIGHT), SampleAlerts.portScan(), time);
        Request request = soc.onlyRequest();
        StandardWebhooksVerifier verifier = new StandardWebhooksVerifier(SECRET);

        String tampered = request.body().replace("\"severity\":\"high\"", "\"severity\":\"low\"");
        assertThat(tampered).isNotEqualTo(request.body());
        assertThat(verifier.verify(request.header("webhook-id"), request.header("webhook-timestamp"),
                request.header("webhook-signature"), tampered, NOW)).isFalse();
        assertThat(verifier.verify(request.header("webhook-id"), Long.toString(NOW.getEpochSecond() + 1),
                request.header("webhook-signature"), request.body(), NOW)).isFalse();
        assertThat(new StandardWebhooksVerifier("whsec_" + "A".repeat(43) + "=").verify(request.header("webhook-id"),
                request.header("webhook-timestamp"), request.header("webhook-signature"), request.body(), NOW))
                .isFalse();
    }

    @Test
    void aRetryKeepsTheIdButIsSignedWithItsOwnFreshTimestamp() throws Exception {
        soc.answer(Response.of(429, "").withHeader("Retry-After", "3"));

        OneDestination.deliver(receiver(WebhookFormat.FLOWSIGHT), SampleAlerts.portScan(), time);

        List<Request> requests = soc.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).header("webhook-id")).isEqualTo(requests.get(0).header("webhook-id"));
        assertThat(requests.get(1).header("webhook-timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond() + 3));
        assertThat(new StandardWebhooksVerifier(SECRET).verify(requests.get(1).header("webhook-id"),
                requests.get(1).header("webhook-timestamp"), requests.get(1).header("webhook-signature"),
                requests.get(1).body(), NOW.plusSeconds(3))).isTrue();
    }

    @Test
    void theFiringAndTheResolutionOfOneAlertHaveDifferentIdsAndRepeatsOfEitherTheSame() {
        AlertNotification firing = SampleAlerts.portScan();

        assertThat(WebhookReceiver.webhookId(firing)).isEqualTo(WebhookReceiver.webhookId(SampleAlerts.portScan()));
        assertThat(WebhookReceiver.webhookId(firing)).isNotEqualTo(
                WebhookReceiver.webhookId(SampleAlerts.portScanResolved()));
    }

    @Test
    void theOcsfFormatPostsADetectionFindingThatACloseActivityLaterResolves() throws Exception {
        OneDestination.deliver(receiver(WebhookFormat.OCSF), SampleAlerts.portScan(), time);
        OneDestination.deliver(receiver(WebhookFormat.OCSF), SampleAlerts.portScanResolved(), time);

        List<Request> requests = soc.requests();
        assertThat(json(requests.get(0).body())).isEqualTo(json("""
                {
                  "class_uid": 2004,
                  "class_name": "Detection Finding",
                  "category_uid": 2,
                  "category_name": "Findings",
                  "activity_id": 1,
                  "activity_name": "Create",
                  "type_uid": 200401,
                  "type_name": "Detection Finding: Create",
                  "severity_id": 4,
                  "severity": "High",
                  "status_id": 1,
                  "status": "New",
                  "time": 1772445652000,
                  "count": 1,
                  "message": "203.0.113.7 probed 180 ports on 3 hosts in one minute",
                  "metadata": {
                    "version": "1.1.0",
                    "product": {"name": "FlowSight", "vendor_name": "FlowSight"}
                  },
                  "finding_info": {
                    "uid": "203.0.113.7|port_scan|2026-03-02T10:00:00Z",
                    "title": "port_scan from 203.0.113.7",
                    "desc": "203.0.113.7 probed 180 ports on 3 hosts in one minute",
                    "first_seen_time": 1772445607000,
                    "last_seen_time": 1772445652000,
                    "types": ["port_scan"],
                    "src_url": "https://flowsight.example.com/api/alerts?ip=203.0.113.7"
                  },
                  "evidences": [{
                    "src_endpoint": {"ip": "203.0.113.7"},
                    "data": {"distinct_hosts": "3", "distinct_ports": "180"}
                  }],
                  "unmapped": {"log_type": "vpcflow", "internal": false, "score": 42.5}
                }
                """));
        assertThat(json(requests.get(1).body()).get("activity_id").asInt()).isEqualTo(3);
        assertThat(json(requests.get(1).body()).get("type_uid").asInt()).isEqualTo(200403);
        assertThat(json(requests.get(1).body()).get("status_id").asInt()).isEqualTo(4);
        assertThat(json(requests.get(1).body()).get("time").asLong())
                .isEqualTo(SampleAlerts.RESOLVED_AT.toEpochMilli());
        assertThat(new StandardWebhooksVerifier(SECRET).verify(requests.get(1).header("webhook-id"),
                requests.get(1).header("webhook-timestamp"), requests.get(1).header("webhook-signature"),
                requests.get(1).body(), NOW)).isTrue();
    }

    @Test
    void aRepeatOfAFiringAlertUpdatesTheFindingAndTheSeveritiesMapToOcsfIds() {
        AlertNotification repeat = AlertNotification.from(SampleAlerts.avro().setOccurrences(3).build());

        String body = receiver(WebhookFormat.OCSF).requestFor(repeat, NOW).body();

        assertThat(json(body).get("activity_id").asInt()).isEqualTo(2);
        assertThat(json(body).get("type_uid").asInt()).isEqualTo(200402);
        assertThat(json(body).get("count").asInt()).isEqualTo(3);
        assertThat(List.of(io.flowsight.schemas.Severity.values())).extracting(OcsfDetectionFinding::severityId)
                .containsExactly(2, 3, 4, 5);
    }

    @Test
    void aSecretThatIsNotAStandardWebhooksSecretIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> WebhookSigningKey.parse("hunter2-hunter2-hunter2-hunter2"))
                .hasMessage("does not start with whsec_: write a Standard Webhooks secret, whsec_ followed by the "
                        + "base64 of the key");
        assertThatThrownBy(() -> WebhookSigningKey.parse("whsec_not base64!"))
                .hasMessageStartingWith("is not base64 after whsec_");
        assertThatThrownBy(() -> WebhookSigningKey.parse("whsec_c2hvcnQ="))
                .hasMessage("holds a key of 5 bytes: use 24 to 64 random bytes, e.g. `openssl rand -base64 32`");
        assertThat(WebhookSigningKey.parse(SECRET).toString()).doesNotContain(SECRET.substring(6));
    }

    @Test
    void aWebhookThatAnswers2xxIsDelivered() throws Exception {
        soc.answer(Response.of(204, ""));

        DeliveryOutcome outcome = OneDestination.deliver(receiver(WebhookFormat.FLOWSIGHT), SampleAlerts.portScan(),
                time);

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class,
                delivered -> assertThat(delivered.status()).isEqualTo(204));
        assertThat(time.sleeps()).isEmpty();
    }
}
