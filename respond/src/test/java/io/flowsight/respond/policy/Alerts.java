package io.flowsight.respond.policy;

import io.flowsight.schemas.SuspiciousIpAlert;

import java.time.Instant;
import java.util.Map;

/** Alerts as the topology writes them: a firing port scan from a documentation address, and variations of it. */
final class Alerts {
    static final Instant WINDOW_START = Instant.parse("2026-03-02T10:00:00Z");

    private Alerts() {
    }

    static SuspiciousIpAlert firing(String ip, String detector, String severity) {
        return builder(ip, detector, severity).build();
    }

    static SuspiciousIpAlert.Builder builder(String ip, String detector, String severity) {
        return SuspiciousIpAlert.newBuilder()
                .setAlertId(ip + "|" + detector + "|" + WINDOW_START)
                .setIp(ip)
                .setDetector(detector)
                .setSeverity(severity)
                .setWindowStart(WINDOW_START)
                .setWindowEnd(WINDOW_START.plusSeconds(60))
                .setFirstSeen(WINDOW_START.plusSeconds(7))
                .setLastSeen(WINDOW_START.plusSeconds(52))
                .setScore(null)
                .setSummary(ip + " probed 180 ports on 3 hosts in one minute")
                .setEvidence(Map.of("distinct_ports", "180", "distinct_hosts", "3"))
                .setStatus("firing")
                .setOccurrences(1)
                .setResolvedAt(null)
                .setLogType("vpcflow")
                .setInternal(false);
    }

    /** The same alert at a later window: a new alert id, so a new offence. */
    static SuspiciousIpAlert again(SuspiciousIpAlert alert, Instant windowStart) {
        return SuspiciousIpAlert.newBuilder(alert)
                .setAlertId(alert.getIp() + "|" + alert.getDetector() + "|" + windowStart)
                .setWindowStart(windowStart)
                .setWindowEnd(windowStart.plusSeconds(60))
                .build();
    }
}
