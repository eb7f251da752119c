package io.flowsight.topology.findings;

import io.flowsight.schemas.Finding;
import io.flowsight.topology.detect.AlertCandidate;
import io.flowsight.topology.tally.IpAddresses;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The alert a finding raises on its source address, through the same deduplicator as every detector's (one alert per
 * address and rule within the quiet period), so delivery and blocking treat it like any other. Only an address
 * literal can be alerted on: CloudTrail's {@code AWS Internal} and service names ({@code ec2.amazonaws.com}) are no
 * suspicious IP. Informational rules raise none: Sigma means them for enrichment, not alerting.
 */
public final class FindingAlerts {
    /** Detector names of rule alerts are this prefix and the rule id. */
    public static final String DETECTOR_PREFIX = "sigma:";

    private FindingAlerts() {
    }

    /** @param window the detector window; the alert's window is the one holding the event */
    public static Optional<AlertCandidate> candidate(Finding finding, Duration window) {
        String address = finding.getSourceAddress();
        String level = finding.getRuleLevel();
        if (!IpAddresses.isLiteral(address) || "informational".equals(level)) {
            return Optional.empty();
        }
        String severity = level == null ? "medium" : level;
        long time = finding.getEventTime().toEpochMilli();
        long size = window.toMillis();
        long windowStart = Math.floorDiv(time, size) * size;
        String summary = address + " matched the rule '" + finding.getRuleTitle() + "' (" + severity + ") in "
                + finding.getLogType() + " at " + finding.getEventTime() + ".";
        return Optional.of(new AlertCandidate(address, DETECTOR_PREFIX + finding.getRuleId(), severity, windowStart,
                windowStart + size, time, time, null, summary, evidence(finding), finding.getLogType()));
    }

    /** What the finding says, attacker-controlled fields included as plain values. */
    private static Map<String, String> evidence(Finding finding) {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("finding_id", finding.getFindingId());
        evidence.put("rule_id", finding.getRuleId());
        evidence.put("rule_title", finding.getRuleTitle());
        putIfPresent(evidence, "rule_author", finding.getRuleAuthor());
        if (!finding.getRuleTags().isEmpty()) {
            evidence.put("rule_tags", String.join(",", finding.getRuleTags()));
        }
        evidence.put("log_type", finding.getLogType());
        evidence.put("event_id", finding.getEventId());
        putIfPresent(evidence, "event_name", finding.getEventName());
        putIfPresent(evidence, "principal_arn", finding.getPrincipalArn());
        putIfPresent(evidence, "request_url", finding.getRequestUrl());
        return evidence;
    }

    private static void putIfPresent(Map<String, String> evidence, String key, String value) {
        if (value != null) {
            evidence.put(key, value);
        }
    }
}
