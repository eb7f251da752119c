package io.flowsight.notify;

import io.flowsight.schemas.Severity;
import io.flowsight.schemas.SuspiciousIpAlert;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** The alerts the tests send: one firing port scan from a documentation address, and variations of it. */
public final class SampleAlerts {
    public static final Instant WINDOW_START = Instant.parse("2026-03-02T10:00:00Z");
    public static final Instant WINDOW_END = Instant.parse("2026-03-02T10:01:00Z");
    public static final Instant FIRST_SEEN = Instant.parse("2026-03-02T10:00:07Z");
    public static final Instant LAST_SEEN = Instant.parse("2026-03-02T10:00:52Z");
    public static final Instant RESOLVED_AT = Instant.parse("2026-03-02T10:15:52Z");
    public static final String ALERT_ID = "203.0.113.7|port_scan|2026-03-02T10:00:00Z";

    private SampleAlerts() {
    }

    public static SuspiciousIpAlert.Builder avro() {
        return SuspiciousIpAlert.newBuilder()
                .setAlertId(ALERT_ID)
                .setIp("203.0.113.7")
                .setDetector("port_scan")
                .setSeverity("high")
                .setWindowStart(WINDOW_START)
                .setWindowEnd(WINDOW_END)
                .setFirstSeen(FIRST_SEEN)
                .setLastSeen(LAST_SEEN)
                .setScore(42.5)
                .setSummary("203.0.113.7 probed 180 ports on 3 hosts in one minute")
                .setEvidence(Map.of("distinct_ports", "180", "distinct_hosts", "3"))
                .setStatus("firing")
                .setOccurrences(1)
                .setResolvedAt(null)
                .setLogType("vpcflow")
                .setInternal(false);
    }

    public static AlertNotification portScan() {
        return AlertNotification.from(avro().build());
    }

    public static AlertNotification portScanResolved() {
        return portScan().resolved(RESOLVED_AT);
    }

    public static AlertNotification with(Severity severity, String detector) {
        AlertNotification n = portScan();
        return new AlertNotification(n.ip() + "|" + detector + "|" + severity, n.ip(), detector, severity, n.status(),
                n.windowStart(), n.windowEnd(), n.firstSeen(), n.lastSeen(), n.score(), n.summary(), n.evidence(),
                n.occurrences(), n.resolvedAt(), n.logType(), n.internal());
    }

    public static AlertNotification withText(String summary, Map<String, String> evidence) {
        AlertNotification n = portScan();
        return new AlertNotification(n.alertId(), n.ip(), n.detector(), n.severity(), n.status(), n.windowStart(),
                n.windowEnd(), n.firstSeen(), n.lastSeen(), n.score(), summary, new TreeMap<>(evidence),
                n.occurrences(), n.resolvedAt(), n.logType(), n.internal());
    }

    public static AlertNotification withIp(String ip) {
        AlertNotification n = portScan();
        return new AlertNotification(ip + "|port_scan|2026-03-02T10:00:00Z", ip, n.detector(), n.severity(),
                n.status(), n.windowStart(), n.windowEnd(), n.firstSeen(), n.lastSeen(), OptionalDouble.empty(),
                n.summary(), n.evidence(), n.occurrences(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
