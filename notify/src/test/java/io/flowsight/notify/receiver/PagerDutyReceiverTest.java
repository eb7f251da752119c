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
import io.flowsight.notify.Secret;
import io.flowsight.schemas.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static io.flowsight.notify.OneDestination.json;
import static org.assertj.core.api.Assertions.assertThat;

/** PagerDuty Events API v2: trigger and resolve events, its 202 answer, and its field limits. */
class PagerDutyReceiverTest {
    private static final String ROUTING_KEY = "R0UT1NGKEY0123456789ABCDEFGHIJKL";
    private static final String ACCEPTED = """
            {"status":"success","message":"Event processed","dedup_key":"203.0.113.7|port_scan|2026-03-02T10:00:00Z"}""";

    private final ManualTime time = new ManualTime(Instant.parse("2026-03-02T10:01:05Z"));
    private RecordingReceiver pagerDuty;

    @BeforeEach
    void start() throws Exception {
        pagerDuty = RecordingReceiver.start();
    }

    @AfterEach
    void stop() {
        pagerDuty.close();
    }

    private PagerDutyReceiver receiver() {
        return new PagerDutyReceiver(pagerDuty.uri("/v2/enqueue"), new Secret(ROUTING_KEY),
                AlertLink.under(URI.create("https://flowsight.example.com")));
    }

    @Test
    void theDefaultEndpointIsPagerDutysEventsApi() {
        assertThat(PagerDutyReceiver.DEFAULT_EVENTS_URL).isEqualTo(URI.create("https://events.pagerduty.com/v2/enqueue"));
    }

    @Test
    void aFiringAlertTriggersAnEventAndThe202AnswerMeansDelivered() throws Exception {
        pagerDuty.answer(Response.of(202, ACCEPTED));

        DeliveryOutcome outcome = OneDestination.deliver(receiver(), SampleAlerts.portScan(), time);

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class, delivered -> {
            assertThat(delivered.status()).isEqualTo(202);
            assertThat(delivered.attempts()).isEqualTo(1);
            assertThat(json(delivered.bodyExcerpt()).get("dedup_key").asText()).isEqualTo(SampleAlerts.ALERT_ID);
        });
        Request request = pagerDuty.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.pathAndQuery()).isEqualTo("/v2/enqueue");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(json(request.body())).isEqualTo(json("""
                {
                  "routing_key": "R0UT1NGKEY0123456789ABCDEFGHIJKL",
                  "event_action": "trigger",
                  "dedup_key": "203.0.113.7|port_scan|2026-03-02T10:00:00Z",
                  "payload": {
                    "summary": "203.0.113.7 probed 180 ports on 3 hosts in one minute",
                    "source": "203.0.113.7",
                    "severity": "error",
                    "timestamp": "2026-03-02T10:00:52Z",
                    "component": "vpcflow",
                    "group": "external",
                    "class": "port_scan",
                    "custom_details": {
                      "alert_id": "203.0.113.7|port_scan|2026-03-02T10:00:00Z",
                      "detector": "port_scan",
                      "ip": "203.0.113.7",
                      "severity": "high",
                      "log_type": "vpcflow",
                      "internal": false,
                      "score": 42.5,
                      "occurrences": 1,
                      "first_seen": "2026-03-02T10:00:07Z",
                      "last_seen": "2026-03-02T10:00:52Z",
                      "evidence": {"distinct_hosts": "3", "distinct_ports": "180"}
                    }
                  },
                  "client": "FlowSight",
                  "client_url": "https://flowsight.example.com/api/alerts?ip=203.0.113.7",
                  "links": [{"href": "https://flowsight.example.com/api/alerts?ip=203.0.113.7",
                             "text": "Alerts of 203.0.113.7 in FlowSight"}]
                }
                """));
    }

    @Test
    void aResolvedAlertSendsAResolveEventForTheSameDedupKey() throws Exception {
        pagerDuty.answer(Response.of(202, ACCEPTED));

        OneDestination.deliver(receiver(), SampleAlerts.portScanResolved(), time);

        assertThat(json(pagerDuty.onlyRequest().body())).isEqualTo(json("""
                {
                  "routing_key": "R0UT1NGKEY0123456789ABCDEFGHIJKL",
                  "event_action": "resolve",
                  "dedup_key": "203.0.113.7|port_scan|2026-03-02T10:00:00Z"
                }
                """));
    }

    @Test
    void theSummaryIsCutTo1024CharactersAndALongAlertIdIsDigestedTo255() {
        AlertNotification sample = SampleAlerts.withText("z".repeat(2000), Map.of());
        String longId = "2001:db8::1|" + "very_long_sigma_rule_name_".repeat(12) + "|2026-03-02T10:00:00Z";
        AlertNotification longAlert = new AlertNotification(longId, sample.ip(), sample.detector(), sample.severity(),
                sample.status(), sample.windowStart(), sample.windowEnd(), sample.firstSeen(), sample.lastSeen(),
                sample.score(), sample.summary(), sample.evidence(), sample.occurrences(), sample.resolvedAt(),
                sample.logType(), sample.internal());

        String trigger = receiver().requestFor(longAlert, time.instant()).body();
        String resolve = receiver().requestFor(longAlert.resolved(SampleAlerts.RESOLVED_AT), time.instant()).body();

        String summary = json(trigger).get("payload").get("summary").asText();
        assertThat(summary).hasSize(1024).startsWith("zzz").endsWith("z…");
        String dedupKey = json(trigger).get("dedup_key").asText();
        assertThat(longId).hasSizeGreaterThan(255);
        assertThat(dedupKey).hasSizeLessThanOrEqualTo(255).matches("sha256:[0-9a-f]{64}");
        assertThat(json(resolve).get("dedup_key").asText()).isEqualTo(dedupKey);
    }

    @Test
    void flowSightSeveritiesMapToPagerDutys() {
        assertThat(List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW))
                .extracting(PagerDutyReceiver::severity).containsExactly("critical", "error", "warning", "info");
    }

    @Test
    void anInvalidEventIsAPermanentFailureKeepingPagerDutysExplanation() throws Exception {
        String invalid = "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\","
                + "\"errors\":[\"'routing_key' is invalid\"]}";
        pagerDuty.answer(Response.of(400, invalid));

        DeliveryOutcome outcome = OneDestination.deliver(receiver(), SampleAlerts.portScan(), time);

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.DeadLetter.class, dead -> {
            assertThat(dead.reason()).isEqualTo(DeliveryOutcome.Reason.REJECTED);
            assertThat(dead.lastStatus()).isEqualTo(OptionalInt.of(400));
            assertThat(dead.bodyExcerpt()).isEqualTo(invalid);
        });
        assertThat(pagerDuty.requests()).hasSize(1);
    }

    @Test
    void beingOverTheRateLimitIsRetried() throws Exception {
        pagerDuty.answer(Response.of(429, ""), Response.of(202, ACCEPTED));

        DeliveryOutcome outcome = OneDestination.deliver(receiver(), SampleAlerts.portScan(), time);

        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    }

    @Test
    void theRoutingKeyDoesNotShowInTheReceiversDescription() {
        assertThat(receiver().toString()).doesNotContain(ROUTING_KEY);
    }
}
