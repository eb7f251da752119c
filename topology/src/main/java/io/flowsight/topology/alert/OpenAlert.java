package io.flowsight.topology.alert;

import io.flowsight.topology.detect.AlertCandidate;

import java.time.Instant;
import java.util.Map;

/**
 * An alert that fired and has not resolved: the first candidate of its address and detector, extended by every later
 * one within its quiet period (first and last seen, how many detections). Kept in the deduplicator's store, which the
 * live queries read.
 *
 * @param alertId     address, detector and the first window's start: stable, so receivers de-duplicate by it
 * @param occurrences the detections it covers, the first included
 */
public record OpenAlert(String alertId, String ip, String detector, String severity, String logType, long windowStart,
                        long windowEnd, long firstSeen, long lastSeen, Double score, String summary,
                        Map<String, String> evidence, int occurrences) {

    /** The alert a first candidate raises. */
    public static OpenAlert firing(AlertCandidate candidate) {
        return new OpenAlert(candidate.ip() + "|" + candidate.detector() + "|"
                + Instant.ofEpochMilli(candidate.windowStart()), candidate.ip(), candidate.detector(),
                candidate.severity(), candidate.logType(), candidate.windowStart(), candidate.windowEnd(),
                candidate.firstSeen(), candidate.lastSeen(), candidate.score(), candidate.summary(),
                candidate.evidence(), 1);
    }

    /** Whether {@code candidate}'s activity starts or ends within the quiet period of this alert's. */
    public boolean covers(AlertCandidate candidate, long quietPeriod) {
        return candidate.firstSeen() - lastSeen < quietPeriod && firstSeen - candidate.lastSeen() < quietPeriod;
    }

    /** This alert with {@code candidate}'s activity folded in: one more occurrence, a wider first-to-last seen. */
    public OpenAlert extendedBy(AlertCandidate candidate) {
        return new OpenAlert(alertId, ip, detector, severity, logType, windowStart, windowEnd,
                Math.min(firstSeen, candidate.firstSeen()), Math.max(lastSeen, candidate.lastSeen()), score, summary,
                evidence, occurrences + 1);
    }
}
