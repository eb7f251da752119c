package io.flowsight.topology.alert;

import io.flowsight.topology.detect.AlertCandidate;

import java.time.Instant;
import java.util.Map;

/**
 * An alert as the deduplicator's store holds it, which the live queries read: the first candidate of its address and
 * detector, extended by every later one within its quiet period (first and last seen, how many detections), and once
 * it resolved, when, until it is forgotten a quiet period later.
 *
 * @param alertId     address, detector and the first window's start: stable, so receivers de-duplicate by it
 * @param occurrences the detections it covers, the first included
 * @param resolvedAt  when it resolved (its last evidence plus the quiet period); null while it fires
 */
public record LiveAlert(String alertId, String ip, String detector, String severity, String logType, long windowStart,
                        long windowEnd, long firstSeen, long lastSeen, Double score, String summary,
                        Map<String, String> evidence, int occurrences, Long resolvedAt) {

    /** The alert a first candidate raises. */
    public static LiveAlert firing(AlertCandidate candidate) {
        return new LiveAlert(candidate.ip() + "|" + candidate.detector() + "|"
                + Instant.ofEpochMilli(candidate.windowStart()), candidate.ip(), candidate.detector(),
                candidate.severity(), candidate.logType(), candidate.windowStart(), candidate.windowEnd(),
                candidate.firstSeen(), candidate.lastSeen(), candidate.score(), candidate.summary(),
                candidate.evidence(), 1, null);
    }

    /** {@code firing} or {@code resolved}. */
    public String status() {
        return resolvedAt == null ? "firing" : "resolved";
    }

    /** This alert, resolved at {@code time}. */
    public LiveAlert resolvedAt(long time) {
        return new LiveAlert(alertId, ip, detector, severity, logType, windowStart, windowEnd, firstSeen, lastSeen,
                score, summary, evidence, occurrences, time);
    }

    /**
     * Whether {@code candidate}'s activity starts or ends within this alert's quiet period: it is more evidence of
     * this alert, whether it still fires or (the evidence arriving late) has resolved.
     */
    public boolean covers(AlertCandidate candidate, long quietPeriod) {
        return candidate.firstSeen() - lastSeen < quietPeriod && firstSeen - candidate.lastSeen() < quietPeriod;
    }

    /**
     * This alert with {@code candidate}'s activity folded in: one more occurrence, a wider first-to-last seen; a
     * resolved alert stays resolved.
     */
    public LiveAlert extendedBy(AlertCandidate candidate) {
        return new LiveAlert(alertId, ip, detector, severity, logType, windowStart, windowEnd,
                Math.min(firstSeen, candidate.firstSeen()), Math.max(lastSeen, candidate.lastSeen()), score, summary,
                evidence, occurrences + 1, resolvedAt);
    }
}
