package io.flowsight.notify.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowsight.notify.AlertLink;
import io.flowsight.notify.AlertNotification;
import io.flowsight.notify.DeliveryOutcome;
import io.flowsight.notify.ManualTime;
import io.flowsight.notify.OneDestination;
import io.flowsight.notify.SampleAlerts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.flowsight.notify.OneDestination.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Against a real Alertmanager (Debian's prometheus-alertmanager, on loopback): it accepts FlowSight's postableAlerts,
 * keeps a firing one active with FlowSight's labels, and drops a resolved one. Skipped where the binary is absent.
 */
class AlertmanagerIT {
    private static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");

    @TempDir
    Path dir;
    private Process alertmanager;
    private URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(BINARY), "prometheus-alertmanager is not installed (apt-get install "
                + "prometheus-alertmanager)");
        Path config = Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: nowhere
                receivers:
                  - name: nowhere
                """);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        base = URI.create("http://127.0.0.1:" + port);
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address="));
        alertmanager = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!ready()) {
            assertThat(alertmanager.isAlive()).as("Alertmanager exited: %s",
                    Files.readString(dir.resolve("alertmanager.log"))).isTrue();
            assertThat(System.nanoTime()).as("Alertmanager ready within 20 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (alertmanager != null) {
            alertmanager.destroy();
            alertmanager.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private boolean ready() throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    private JsonNode alerts() throws Exception {
        return json(http.send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void aFiringAlertIsActiveWithFlowSightsLabelsAndItsResolutionEndsIt() throws Exception {
        // Alertmanager ignores alerts that ended before now, so the alert is dated around the real clock.
        Instant now = Instant.now();
        AlertNotification firing = AlertNotification.from(SampleAlerts.avro()
                .setFirstSeen(now.minusSeconds(50)).setLastSeen(now.minusSeconds(5)).build());
        AlertmanagerReceiver receiver = new AlertmanagerReceiver(base, AlertLink.under(
                URI.create("https://flowsight.example.com")), Duration.ofMinutes(1));
        ManualTime time = new ManualTime(now);

        assertThat(OneDestination.deliver(receiver, firing, time)).isInstanceOf(DeliveryOutcome.Delivered.class);

        JsonNode active = alerts();
        assertThat(active).hasSize(1);
        assertThat(active.get(0).get("labels")).isEqualTo(json("""
                {"alertname": "port_scan", "src_ip": "203.0.113.7", "severity": "high", "log_type": "vpcflow",
                 "internal": "false"}
                """));
        assertThat(active.get(0).get("status").get("state").asText()).isEqualTo("active");
        assertThat(active.get(0).get("generatorURL").asText())
                .isEqualTo("https://flowsight.example.com/api/alerts?ip=203.0.113.7");
        // No endsAt sent: Alertmanager keeps it until its resolve_timeout (5 minutes) unless it is sent again.
        assertThat(Instant.parse(active.get(0).get("endsAt").asText()))
                .isBetween(now.plus(Duration.ofMinutes(4)), now.plus(Duration.ofMinutes(6)));

        assertThat(OneDestination.deliver(receiver, firing.resolved(now.minusSeconds(1)), time))
                .isInstanceOf(DeliveryOutcome.Delivered.class);

        assertThat(alerts()).isEmpty();
    }

    @Test
    void anAlertmanagerSilenceOnTheSourceAddressHidesTheAlert() throws Exception {
        Instant now = Instant.now();
        HttpResponse<String> silenced = http.send(HttpRequest.newBuilder(base.resolve("/api/v2/silences"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"matchers": [{"name": "src_ip", "value": "203.0.113.7", "isRegex": false, "isEqual": true}],
                         "startsAt": "%s", "endsAt": "%s", "createdBy": "AlertmanagerIT", "comment": "our scanner"}
                        """.formatted(now.minusSeconds(60), now.plus(Duration.ofHours(1))))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(silenced.statusCode()).as(silenced.body()).isEqualTo(200);
        String silenceId = json(silenced.body()).get("silenceID").asText();
        AlertNotification firing = AlertNotification.from(SampleAlerts.avro()
                .setFirstSeen(now.minusSeconds(50)).setLastSeen(now.minusSeconds(5)).build());
        AlertmanagerReceiver receiver = new AlertmanagerReceiver(base, AlertLink.none(), Duration.ofMinutes(1));

        assertThat(OneDestination.deliver(receiver, firing, new ManualTime(now)))
                .isInstanceOf(DeliveryOutcome.Delivered.class);

        JsonNode all = alerts();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).get("status").get("state").asText()).isEqualTo("suppressed");
        assertThat(all.get(0).get("status").get("silencedBy").get(0).asText()).isEqualTo(silenceId);
        JsonNode shown = json(http.send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts?silenced=false")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(shown).as("hidden from those who do not ask for silenced alerts").isEmpty();
    }
}
