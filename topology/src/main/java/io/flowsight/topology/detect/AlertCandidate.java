package io.flowsight.topology.detect;

import java.util.Map;

/**
 * A detector's finding on an address, before de-duplication: the alert deduplicator turns the first one per address
 * and detector within the quiet period into a {@code SuspiciousIpAlert} and folds later ones into it.
 *
 * @param logType the log the evidence came from ({@code vpcflow}, {@code cloudtrail}, {@code alb}, ...)
 */
public record AlertCandidate(String ip, String detector, String severity, long windowStart, long windowEnd,
                             long firstSeen, long lastSeen, Double score, String summary, Map<String, String> evidence,
                             String logType) {
}
