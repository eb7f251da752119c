package io.flowsight.topology.alert;

import io.flowsight.schemas.SuspiciousIpAlert;
import io.flowsight.topology.detect.AlertCandidate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns alert candidates into alerts with a lifecycle, one per address and detector per quiet period. The first
 * candidate <em>fires</em> an alert at once. Candidates whose activity starts within the quiet period after the last
 * one seen only extend it (its occurrences and last seen time, in the store the live queries read), so a scan that
 * lasts an hour is one alert, not sixty. The alert <em>resolves</em> once its quiet period has passed without new
 * evidence: a second record under the same alert id, status {@code resolved}, {@code resolved_at} its last evidence
 * plus the quiet period. A resolved alert stays in the store (the live queries show it) for another quiet period.
 *
 * <p>Time is event time: the task's stream time, which the raw streams' {@link EventClockTicks} move forward when no
 * candidate comes. An alert resolves when stream time passes its last evidence by the quiet period and the grace, so
 * that evidence a window raises when it closes (up to the grace after its end) still extends it rather than firing a
 * second alert. Expired alerts are looked for once a minute of stream time, and whenever a candidate finds one.
 */
public final class AlertDeduplicator implements Processor<String, AlertCandidate, String, SuspiciousIpAlert> {
    public static final String STORE = "alerts";
    public static final Duration RESOLVE_CHECK = Duration.ofMinutes(1);

    private final long quietPeriod;
    private final long grace;
    private final AddressRanges<Boolean> internal;
    private ProcessorContext<String, SuspiciousIpAlert> context;
    private KeyValueStore<String, LiveAlert> alerts;

    public AlertDeduplicator(Duration quietPeriod, Duration grace, AddressRanges<Boolean> internal) {
        this.quietPeriod = quietPeriod.toMillis();
        this.grace = grace.toMillis();
        this.internal = internal;
    }

    @Override
    public void init(ProcessorContext<String, SuspiciousIpAlert> context) {
        this.context = context;
        this.alerts = context.getStateStore(STORE);
        context.schedule(RESOLVE_CHECK, PunctuationType.STREAM_TIME, this::resolveQuietAlerts);
    }

    @Override
    public void process(Record<String, AlertCandidate> record) {
        AlertCandidate candidate = record.value();
        if (candidate == null) {
            return; // an event-clock tick: it moved stream time, which is all it is for
        }
        String key = candidate.ip() + "|" + candidate.detector();
        LiveAlert held = alerts.get(key);
        if (held != null && held.covers(candidate, quietPeriod)) {
            // Evidence of a resolved alert arrived late (after event time moved past its quiet period): it is
            // recorded, and the alert is not announced again under the same id.
            LiveAlert extended = held.extendedBy(candidate);
            alerts.put(key, extended);
            if (held.resolvedAt() == null) {
                resolveIfAlreadyQuiet(key, extended);
            }
            return;
        }
        if (held != null && held.resolvedAt() == null) {
            resolve(key, held);
        }
        LiveAlert firing = LiveAlert.firing(candidate);
        alerts.put(key, firing);
        context.forward(new Record<>(candidate.ip(), alert(firing), record.timestamp()));
        resolveIfAlreadyQuiet(key, firing);
    }

    /**
     * A candidate raised when a window closed may arrive after stream time has passed its quiet period (the heartbeat
     * that closed the window moved it there first); no later record may come to move time again, so it resolves now.
     */
    private void resolveIfAlreadyQuiet(String key, LiveAlert alert) {
        if (isQuiet(alert, context.currentStreamTimeMs())) {
            resolve(key, alert);
        }
    }

    private boolean isQuiet(LiveAlert alert, long streamTime) {
        return alert.resolvedAt() == null && alert.lastSeen() + quietPeriod + grace <= streamTime;
    }

    /** Resolves the alerts quiet for long enough, and forgets those resolved a quiet period ago. */
    private void resolveQuietAlerts(long streamTime) {
        List<KeyValue<String, LiveAlert>> due = new ArrayList<>();
        try (KeyValueIterator<String, LiveAlert> all = alerts.all()) {
            all.forEachRemaining(entry -> {
                LiveAlert alert = entry.value;
                boolean quiet = isQuiet(alert, streamTime);
                boolean stale = alert.resolvedAt() != null && alert.resolvedAt() + quietPeriod <= streamTime;
                if (quiet || stale) {
                    due.add(entry);
                }
            });
        }
        for (KeyValue<String, LiveAlert> entry : due) {
            if (entry.value.resolvedAt() == null) {
                resolve(entry.key, entry.value);
            } else {
                alerts.delete(entry.key);
            }
        }
    }

    private void resolve(String key, LiveAlert firing) {
        LiveAlert resolved = firing.resolvedAt(firing.lastSeen() + quietPeriod);
        alerts.put(key, resolved);
        context.forward(new Record<>(resolved.ip(), alert(resolved), resolved.resolvedAt()));
    }

    /** The alert as the alerts topic carries it. */
    private SuspiciousIpAlert alert(LiveAlert open) {
        boolean isInternal = internal.contains(open.ip());
        Map<String, String> evidence = new HashMap<>(open.evidence());
        evidence.put("internal", String.valueOf(isInternal));
        return SuspiciousIpAlert.newBuilder()
                .setAlertId(open.alertId())
                .setIp(open.ip()).setDetector(open.detector()).setSeverity(open.severity())
                .setWindowStart(Instant.ofEpochMilli(open.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(open.windowEnd()))
                .setFirstSeen(Instant.ofEpochMilli(open.firstSeen()))
                .setLastSeen(Instant.ofEpochMilli(open.lastSeen()))
                .setScore(open.score()).setSummary(open.summary()).setEvidence(evidence)
                .setStatus(open.status())
                .setOccurrences(open.occurrences())
                .setResolvedAt(open.resolvedAt() == null ? null : Instant.ofEpochMilli(open.resolvedAt()))
                .setLogType(open.logType())
                .setInternal(isInternal)
                .build();
    }
}
