package io.flowsight.notify;

import io.flowsight.schemas.Severity;
import io.flowsight.schemas.SuspiciousIpAlert;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One alert as every receiver sees it. {@link #from(SuspiciousIpAlert)} is the only place that reads the Avro record,
 * so a schema change touches one method, and receivers never deal with Avro's nulls and strings-for-enums.
 *
 * @param evidence sorted by key, so every rendering of it (and every signature over a body holding it) is stable
 */
public record AlertNotification(
        String alertId,
        String ip,
        String detector,
        Severity severity,
        AlertStatus status,
        Instant windowStart,
        Instant windowEnd,
        Instant firstSeen,
        Instant lastSeen,
        OptionalDouble score,
        String summary,
        SortedMap<String, String> evidence,
        int occurrences,
        Optional<Instant> resolvedAt,
        Optional<String> logType,
        Optional<Boolean> internal) {

    public AlertNotification {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(summary, "summary");
        evidence = Collections.unmodifiableSortedMap(new TreeMap<>(evidence));
        Objects.requireNonNull(resolvedAt, "resolvedAt");
        Objects.requireNonNull(logType, "logType");
        Objects.requireNonNull(internal, "internal");
        if (status == AlertStatus.RESOLVED && resolvedAt.isEmpty()) {
            throw new IllegalArgumentException("A resolved notification needs the time it was resolved.");
        }
    }

    /**
     * The notification of one record of the alerts topic.
     *
     * @throws IllegalArgumentException when the record's severity or status is not one FlowSight knows: such a record
     *         cannot be routed by severity, so the caller should dead-letter it rather than guess
     */
    public static AlertNotification from(SuspiciousIpAlert alert) {
        Severity severity = Severity.fromWireName(alert.getSeverity()).orElseThrow(() -> new IllegalArgumentException(
                "Alert " + alert.getAlertId() + " has severity \"" + alert.getSeverity() + "\", which is not "
                        + Severity.choices() + "."));
        AlertStatus status = AlertStatus.fromWireName(alert.getStatus()).orElseThrow(() -> new IllegalArgumentException(
                "Alert " + alert.getAlertId() + " has status \"" + alert.getStatus() + "\", which is not firing or "
                        + "resolved."));
        Optional<Instant> resolvedAt = Optional.empty();
        if (status == AlertStatus.RESOLVED) {
            // Records written before resolved_at existed have none; the last evidence is the closest honest end.
            resolvedAt = Optional.of(alert.getResolvedAt() != null ? alert.getResolvedAt() : alert.getLastSeen());
        }
        return new AlertNotification(alert.getAlertId(), alert.getIp(), alert.getDetector(), severity, status,
                alert.getWindowStart(), alert.getWindowEnd(), alert.getFirstSeen(), alert.getLastSeen(),
                alert.getScore() == null ? OptionalDouble.empty() : OptionalDouble.of(alert.getScore()),
                alert.getSummary(), new TreeMap<>(alert.getEvidence()), alert.getOccurrences(), resolvedAt,
                Optional.ofNullable(alert.getLogType()), Optional.ofNullable(alert.getInternal()));
    }

    public boolean isResolved() {
        return status == AlertStatus.RESOLVED;
    }

    /** When the state this notification reports began: the resolution for a resolved alert, else the last evidence. */
    public Instant eventTime() {
        return resolvedAt.orElse(lastSeen);
    }

    /** The evidence on one line, {@code key=value} pairs in key order, for receivers that take a single string. */
    public String evidenceText() {
        return evidence.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** The same alert, now resolved at {@code at}; for tests and for callers that learn of a resolution elsewhere. */
    public AlertNotification resolved(Instant at) {
        return new AlertNotification(alertId, ip, detector, severity, AlertStatus.RESOLVED, windowStart, windowEnd,
                firstSeen, lastSeen, score, summary, evidence, occurrences, Optional.of(at), logType, internal);
    }
}
