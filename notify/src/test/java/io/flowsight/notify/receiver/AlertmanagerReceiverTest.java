package io.flowsight.notify.receiver;

import io.flowsight.notify.AlertLink;
import io.flowsight.notify.DeliveryOutcome;
import io.flowsight.notify.ManualTime;
import io.flowsight.notify.OneDestination;
import io.flowsight.notify.RecordingReceiver;
import io.flowsight.notify.RecordingReceiver.Request;
import io.flowsight.notify.SampleAlerts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.flowsight.notify.OneDestination.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Alertmanager API v2: the exact postableAlert array FlowSight posts. */
class AlertmanagerReceiverTest {
    private static final AlertLink LINK = AlertLink.under(URI.create("https://flowsight.example.com/"));

    private final ManualTime time = new ManualTime(Instant.parse("2026-03-02T10:01:05Z"));
    private RecordingReceiver alertmanager;

    @BeforeEach
    void start() throws Exception {
        alertmanager = RecordingReceiver.start();
    }

    @AfterEach
    void stop() {
        alertmanager.close();
    }

    private AlertmanagerReceiver receiver(String basePath) {
        return new AlertmanagerReceiver(alertmanager.uri(basePath), LINK, Duration.ofMinutes(1));
    }

    @Test
    void aFiringAlertIsPostedWithoutEndsAtSoAlertmanagerKeepsItForResolveTimeout() throws Exception {
        DeliveryOutcome outcome = OneDestination.deliver(receiver(""), SampleAlerts.portScan(), time);

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        Request request = alertmanager.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.pathAndQuery()).isEqualTo("/api/v2/alerts");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(json(request.body())).isEqualTo(json("""
                [{
                  "labels": {
                    "alertname": "port_scan",
                    "src_ip": "203.0.113.7",
                    "severity": "high",
                    "log_type": "vpcflow",
                    "internal": "false"
                  },
                  "annotations": {
                    "summary": "203.0.113.7 probed 180 ports on 3 hosts in one minute",
                    "evidence": "distinct_hosts=3, distinct_ports=180",
                    "alert_id": "203.0.113.7|port_scan|2026-03-02T10:00:00Z"
                  },
                  "startsAt": "2026-03-02T10:00:07Z",
                  "generatorURL": "https://flowsight.example.com/api/alerts?ip=203.0.113.7"
                }]
                """));
    }

    @Test
    void aResolvedAlertIsPostedWithTheSameLabelsAndEndsAtItsResolution() throws Exception {
        OneDestination.deliver(receiver(""), SampleAlerts.portScanResolved(), time);

        Request request = alertmanager.onlyRequest();
        assertThat(json(request.body()).get(0).get("endsAt").asText()).isEqualTo("2026-03-02T10:15:52Z");
        assertThat(json(request.body()).get(0).get("labels"))
                .isEqualTo(json(receiver("").requestFor(SampleAlerts.portScan(), time.instant()).body()).get(0)
                        .get("labels"));
    }

    @Test
    void unknownLogTypeAndSideAreLeftOutAndAnIpv6AddressIsEncodedInTheLink() throws Exception {
        OneDestination.deliver(receiver("/alertmanager/"), SampleAlerts.withIp("2001:db8::7"), time);

        Request request = alertmanager.onlyRequest();
        assertThat(request.pathAndQuery()).isEqualTo("/alertmanager/api/v2/alerts");
        assertThat(json(request.body())).isEqualTo(json("""
                [{
                  "labels": {"alertname": "port_scan", "src_ip": "2001:db8::7", "severity": "high"},
                  "annotations": {
                    "summary": "203.0.113.7 probed 180 ports on 3 hosts in one minute",
                    "evidence": "distinct_hosts=3, distinct_ports=180",
                    "alert_id": "2001:db8::7|port_scan|2026-03-02T10:00:00Z"
                  },
                  "startsAt": "2026-03-02T10:00:07Z",
                  "generatorURL": "https://flowsight.example.com/api/alerts?ip=2001%3Adb8%3A%3A7"
                }]
                """));
    }

    @Test
    void withoutAFlowSightUrlThereIsNoGeneratorUrl() {
        AlertmanagerReceiver receiver = new AlertmanagerReceiver(URI.create("http://am:9093"), AlertLink.none(),
                Duration.ofMinutes(1));

        String body = receiver.requestFor(SampleAlerts.portScan(), time.instant()).body();

        assertThat(json(body).get(0).has("generatorURL")).isFalse();
    }

    @Test
    void theStillFiringAlertsAreReSentInOneRequest() throws Exception {
        List<io.flowsight.notify.AlertNotification> firing = List.of(SampleAlerts.portScan(),
                SampleAlerts.withIp("198.51.100.9"));

        DeliveryOutcome outcome = OneDestination.sender(receiver(""), Duration.ZERO, time).resend(firing);

        assertThat(outcome.notifications()).isEqualTo(firing);
        Request request = alertmanager.onlyRequest();
        assertThat(json(request.body())).hasSize(2);
        assertThat(json(request.body()).findValuesAsText("src_ip")).containsExactly("203.0.113.7", "198.51.100.9");
        assertThat(json(request.body()).findValues("endsAt")).isEmpty();
    }
}
