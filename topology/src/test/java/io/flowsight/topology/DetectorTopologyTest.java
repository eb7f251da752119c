package io.flowsight.topology;

import io.flowsight.schemas.AnomalyWindow;
import io.flowsight.schemas.SuspiciousIpAlert;
import io.flowsight.topology.alert.AlertDeduplicator;
import io.flowsight.topology.alert.LiveAlert;
import io.flowsight.schemas.WatchlistEntry;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.flowsight.topology.TopologyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

/** Anomaly windows and suspicious-IP alerts from VPC flows: scans, brute force, spikes against a baseline, watch-list. */
class DetectorTopologyTest {
    @TempDir
    Path registryData;
    TopologyFixture topology;

    @AfterEach
    void stop() {
        topology.close();
    }

    @Test
    void baselinesOfKeysSilentPastTheHorizonAreForgotten() {
        topology = new TopologyFixture(registryData, Map.of(TopologyConfig.BASELINE_HORIZON_CONFIG, "2h"));
        topology.flow("10.0.0.1", "10.0.0.5", 443, 600, "ACCEPT", "08:00:00");
        topology.flow("10.0.0.2", "10.0.0.5", 443, 600, "ACCEPT", "08:00:00");
        topology.flow("10.0.0.2", "10.0.0.5", 443, 600, "ACCEPT", "09:30:00");
        var baselines = (io.flowsight.topology.state.WriteBackStore<String, io.flowsight.topology.detect.Baseline>)
                topology.driver.getStateStore("baseline-vpc_src");
        assertThat(baselines.get("10.0.0.1")).as("windows closed through 09:15, silent for 1h15m").isNotNull();

        topology.flowHeartbeat("10:20:00");

        assertThat(baselines.get("10.0.0.1")).as("silent since 08:00, more than 2h before 10:05").isNull();
        assertThat(baselines.get("10.0.0.2")).as("seen at 09:30").isNotNull();
        assertThat(baselines.get("10.0.0.2").lastWindowStart()).isEqualTo(at("09:30:00").toEpochMilli());
    }

    @Test
    void aPortScanAlertsOnTheFlowThatCrossesTheBarAndIsReportedAgainOnlyAfterTheQuietPeriod() {
        topology = new TopologyFixture(registryData, Map.of());
        for (int port = 1; port <= 49; port++) {
            topology.flow("198.51.100.7", "10.0.0.5", port, 60, "REJECT", "08:00:" + two(port));
        }
        assertThat(topology.alerts.isEmpty()).isTrue();
        topology.flow("198.51.100.7", "10.0.0.5", 50, 60, "REJECT", "08:00:50");

        List<SuspiciousIpAlert> alerts = topology.alerts.readValuesToList();
        assertThat(alerts).as("raised at once, long before the window closes").hasSize(1);
        SuspiciousIpAlert alert = alerts.get(0);
        assertThat(alert.getAlertId()).isEqualTo("198.51.100.7|port_scan|2026-11-22T08:00:00Z");
        assertThat(alert.getIp()).isEqualTo("198.51.100.7");
        assertThat(alert.getDetector()).isEqualTo("port_scan");
        assertThat(alert.getSeverity()).isEqualTo("medium");
        assertThat(alert.getWindowStart()).isEqualTo(at("08:00:00"));
        assertThat(alert.getWindowEnd()).isEqualTo(at("08:01:00"));
        assertThat(alert.getFirstSeen()).isEqualTo(at("08:00:01"));
        assertThat(alert.getLastSeen()).isEqualTo(at("08:00:50"));
        assertThat(alert.getScore()).isEqualTo(1.0);
        assertThat(alert.getSummary()).isEqualTo("198.51.100.7: 50 destination ports in the 1m window from "
                + "2026-11-22T08:00:00Z, at or above the port_scan bar of 50.");
        assertThat(alert.getEvidence()).containsEntry("observed", "50").containsEntry("bar", "50")
                .containsEntry("internal", "false").containsEntry("estimated", "false");
        assertThat(alert.getStatus()).isEqualTo("firing");
        assertThat(alert.getOccurrences()).isEqualTo(1);
        assertThat(alert.getResolvedAt()).isNull();
        assertThat(alert.getLogType()).isEqualTo("vpcflow");
        assertThat(alert.getInternal()).isFalse();

        for (int port = 51; port <= 60; port++) {
            topology.flow("198.51.100.7", "10.0.0.5", port, 60, "REJECT", "08:00:55");
        }
        for (int port = 1; port <= 60; port++) {
            topology.flow("198.51.100.7", "10.0.0.5", port, 60, "REJECT", "08:01:" + two(port % 60));
        }
        assertThat(topology.alerts.readValuesToList()).as("the scan's second minute is the same alert").isEmpty();

        topology.flowHeartbeat("08:17:00");
        List<AnomalyWindow> anomalies = topology.anomalies.readValuesToList();
        assertThat(anomalies).extracting(a -> a.getWindowStart() + " " + a.getDetector() + " " + a.getKey() + " "
                        + a.getObserved() + " score " + a.getScore())
                .containsExactly("2026-11-22T08:00:00Z port_scan 198.51.100.7 60.0 score 1.2",
                        "2026-11-22T08:01:00Z port_scan 198.51.100.7 60.0 score 1.2");
        assertThat(anomalies.get(0).getThreshold()).isEqualTo(50.0);

        for (int port = 1; port <= 50; port++) {
            topology.flow("198.51.100.7", "10.0.0.5", port, 60, "REJECT", "09:10:" + two(port));
        }
        assertThat(topology.alerts.readValuesToList()).as("an hour later it is news again: the old alert resolves,"
                        + " a new one fires")
                .extracting(a -> a.getAlertId() + " " + a.getStatus())
                .containsExactly("198.51.100.7|port_scan|2026-11-22T08:00:00Z resolved",
                        "198.51.100.7|port_scan|2026-11-22T09:10:00Z firing");
    }

    @Test
    void anAlertResolvesWithItsOccurrencesOnceItsQuietPeriodAndTheGraceHavePassedInEventTime() {
        topology = new TopologyFixture(registryData, Map.of());
        for (int minute = 0; minute < 3; minute++) {
            for (int port = 1; port <= 50; port++) {
                topology.flow("198.51.100.7", "10.0.0.5", port, 60, "REJECT", "08:0" + minute + ":" + two(port));
            }
        }
        assertThat(topology.alerts.readValuesToList()).extracting(SuspiciousIpAlert::getStatus)
                .containsExactly("firing");

        topology.flowHeartbeat("09:17:49");
        assertThat(topology.alerts.isEmpty()).as("08:02:50 plus the hour's quiet period and the 15 minutes' grace"
                + " has not passed").isTrue();
        assertThat(liveAlerts()).extracting(LiveAlert::occurrences).containsExactly(3);

        topology.flowHeartbeat("09:18:00");
        List<SuspiciousIpAlert> resolved = topology.alerts.readValuesToList();
        assertThat(resolved).extracting(a -> a.getAlertId() + " " + a.getStatus() + " " + a.getOccurrences() + " "
                        + a.getFirstSeen() + " " + a.getLastSeen() + " " + a.getResolvedAt())
                .containsExactly("198.51.100.7|port_scan|2026-11-22T08:00:00Z resolved 3 2026-11-22T08:00:01Z "
                        + "2026-11-22T08:02:50Z 2026-11-22T09:02:50Z");
        assertThat(liveAlerts()).extracting(LiveAlert::status).as("shown as resolved for another quiet period")
                .containsExactly("resolved");
        topology.flowHeartbeat("10:02:50");
        assertThat(liveAlerts()).as("then forgotten").isEmpty();
        assertThat(topology.alerts.isEmpty()).isTrue();
    }

    @Test
    void anAlertWhoseQuietPeriodIsAlreadyOverWhenItArrivesFiresAndResolvesAtOnce() {
        topology = new TopologyFixture(registryData, Map.of());
        topology.watchlist.pipeInput("203.0.113.0/24", WatchlistEntry.newBuilder().setIndicator("203.0.113.0/24")
                .setListName("threat-intel").setReason("C2 servers").setSeverity("critical").build());
        topology.driver.advanceWallClockTime(Duration.ofSeconds(5));
        topology.flowHeartbeat("09:30:00");

        // Late for the windows, but the watch-list still matches it: its evidence is older than the quiet period and
        // the grace, and no later record may come to move time on.
        topology.flow("10.0.0.5", "203.0.113.77", 443, 900, "ACCEPT", "08:10:00");

        assertThat(topology.alerts.readValuesToList())
                .extracting(a -> a.getAlertId() + " " + a.getStatus() + " " + a.getResolvedAt())
                .containsExactly("203.0.113.77|watchlist|2026-11-22T08:10:00Z firing null",
                        "203.0.113.77|watchlist|2026-11-22T08:10:00Z resolved 2026-11-22T09:10:00Z");
    }

    /** The deduplicator's alerts, as the live queries read them. */
    private List<LiveAlert> liveAlerts() {
        List<LiveAlert> open = new ArrayList<>();
        topology.driver.<String, LiveAlert>getKeyValueStore(AlertDeduplicator.STORE).all()
                .forEachRemaining(entry -> open.add(entry.value));
        return open;
    }

    @Test
    void bruteForceCountsSshAndRdpAttemptsWhateverTheAction() {
        topology = new TopologyFixture(registryData, Map.of());
        for (int i = 0; i < 29; i++) {
            topology.flow("203.0.113.9", "10.0.0.8", 22, 120, i % 2 == 0 ? "REJECT" : "ACCEPT", "08:00:" + two(i));
        }
        assertThat(topology.alerts.isEmpty()).isTrue();
        topology.flow("203.0.113.9", "10.0.0.8", 3389, 120, "ACCEPT", "08:00:40");
        assertThat(topology.alerts.readValuesToList()).extracting(a -> a.getDetector() + " " + a.getSeverity() + " "
                + a.getEvidence().get("observed")).containsExactly("brute_force high 30");
    }

    @Test
    void aSpikeAgainstItsOwnBaselineAlertsButASteadyHeavyTalkerDoesNot() {
        topology = new TopologyFixture(registryData, Map.of(TopologyConfig.GRACE_CONFIG, "1m",
                TopologyConfig.BASELINE_MIN_HISTORY_CONFIG, 5));
        Instant start = at("08:00:00");
        for (int minute = 0; minute < 20; minute++) {
            String time = Instant.ofEpochSecond(start.getEpochSecond() + minute * 60L + 5).toString().substring(11, 19);
            // Benign heavy talker: 100 MB a minute, give or take 5%.
            topology.flow("10.0.0.50", "10.0.1.1", 443, 100_000_000 + (minute % 3 - 1) * 5_000_000L, "ACCEPT", time);
            // An ordinary host: about 20 MB a minute.
            topology.flow("10.0.0.60", "10.0.1.2", 443, 20_000_000 + (minute % 2) * 2_000_000L, "ACCEPT", time);
        }
        assertThat(topology.alerts.readValuesToList()).isEmpty();
        // Minute 20: the ordinary host sends 400 MB out; the heavy talker stays itself.
        topology.flow("10.0.0.50", "10.0.1.1", 443, 104_000_000, "ACCEPT", "08:20:05");
        topology.flow("10.0.0.60", "198.51.100.99", 443, 400_000_000, "ACCEPT", "08:20:06");

        List<SuspiciousIpAlert> alerts = topology.alerts.readValuesToList();
        assertThat(alerts).extracting(a -> a.getIp() + " " + a.getDetector()).containsExactly("10.0.0.60 traffic_spike");
        assertThat(alerts.get(0).getEvidence()).containsEntry("internal", "true");

        topology.flowHeartbeat("08:30:00");
        List<AnomalyWindow> anomalies = topology.anomalies.readValuesToList();
        assertThat(anomalies).extracting(a -> a.getWindowStart() + " " + a.getDetector() + " " + a.getKey())
                .containsExactly("2026-11-22T08:20:00Z volume_bytes 10.0.0.60");
        AnomalyWindow spike = anomalies.get(0);
        assertThat(spike.getObserved()).isEqualTo(400_000_000.0);
        assertThat(spike.getExpected()).isBetween(20_000_000.0, 22_000_000.0);
        assertThat(spike.getScore()).isGreaterThan(4.0);
        assertThat(spike.getEvidence()).containsEntry("history_windows", "20");
    }

    @Test
    void aSpikeBeforeItsHistoryHasClosedAlertsWhenItsWindowCloses() {
        // Replayed logs: the whole history and the spike arrive within the grace period, so no earlier window of the
        // host has closed when the spike's window opens; the baseline is only complete when that window closes.
        topology = new TopologyFixture(registryData, Map.of(TopologyConfig.BASELINE_MIN_HISTORY_CONFIG, 5));
        Instant start = at("08:00:00");
        for (int minute = 0; minute < 8; minute++) {
            String time = Instant.ofEpochSecond(start.getEpochSecond() + minute * 60L + 5).toString().substring(11, 19);
            topology.flow("10.0.0.60", "10.0.1.2", 443, 20_000_000 + (minute % 2) * 2_000_000L, "ACCEPT", time);
        }
        topology.flow("10.0.0.60", "198.51.100.99", 443, 400_000_000, "ACCEPT", "08:08:06");
        assertThat(topology.alerts.readValuesToList()).as("no history has closed yet").isEmpty();

        topology.flowHeartbeat("08:30:00");
        List<SuspiciousIpAlert> alerts = topology.alerts.readValuesToList();
        assertThat(alerts).extracting(a -> a.getIp() + " " + a.getDetector() + " " + a.getWindowStart())
                .containsExactly("10.0.0.60 traffic_spike 2026-11-22T08:08:00Z");
        assertThat(alerts.get(0).getEvidence()).containsEntry("raised", "at window close")
                .containsEntry("observed", "400000000");
        assertThat(topology.anomalies.readValuesToList()).extracting(AnomalyWindow::getDetector)
                .containsExactly("volume_bytes");
    }

    @Test
    void watchListedBlocksAlertAndUpdatesApplyAfterTheRefresh() {
        topology = new TopologyFixture(registryData, Map.of());
        topology.watchlist.pipeInput("203.0.113.0/24", WatchlistEntry.newBuilder().setIndicator("203.0.113.0/24")
                .setListName("threat-intel").setReason("C2 servers").setSeverity("critical").build());
        topology.driver.advanceWallClockTime(Duration.ofSeconds(5));

        topology.flow("10.0.0.5", "203.0.113.77", 443, 900, "ACCEPT", "08:00:10");
        topology.flow("10.0.0.5", "203.0.113.77", 443, 900, "ACCEPT", "08:00:20");
        topology.flow("10.0.0.5", "198.51.100.1", 443, 900, "ACCEPT", "08:00:30");
        List<SuspiciousIpAlert> alerts = topology.alerts.readValuesToList();
        assertThat(alerts).extracting(a -> a.getIp() + " " + a.getDetector() + " " + a.getSeverity())
                .containsExactly("203.0.113.77 watchlist critical");
        assertThat(alerts.get(0).getSummary()).isEqualTo("203.0.113.77 is on the watch-list 'threat-intel' "
                + "(203.0.113.0/24: C2 servers) and appeared in vpcflow at 2026-11-22T08:00:10Z.");

        topology.watchlist.pipeInput(new TestRecord<>("203.0.113.0/24", null));
        topology.driver.advanceWallClockTime(Duration.ofSeconds(5));
        topology.flow("10.0.0.5", "203.0.113.78", 443, 900, "ACCEPT", "08:00:40");
        assertThat(topology.alerts.readValuesToList()).as("removed from the list").isEmpty();
    }

    private static String two(int second) {
        return String.format("%02d", second);
    }
}
