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
 * plus the quiet period.
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
    private KeyValueStore<String, OpenAlert> alerts;

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
        OpenAlert open = alerts.get(key);
        if (open != null && open.covers(candidate, quietPeriod)) {
            alerts.put(key, open.extendedBy(candidate));
            return;
        }
        if (open != null) {
            resolve(key, open);
        }
        OpenAlert firing = OpenAlert.firing(candidate);
        alerts.put(key, firing);
        context.forward(new Record<>(candidate.ip(), alert(firing, null), record.timestamp()));
    }

    private void resolveQuietAlerts(long streamTime) {
        List<KeyValue<String, OpenAlert>> quiet = new ArrayList<>();
        try (KeyValueIterator<String, OpenAlert> all = alerts.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.lastSeen() + quietPeriod + grace <= streamTime) {
                    quiet.add(entry);
                }
            });
        }
        quiet.forEach(entry -> resolve(entry.key, entry.value));
    }

    private void resolve(String key, OpenAlert open) {
        alerts.delete(key);
        long resolvedAt = open.lastSeen() + quietPeriod;
        context.forward(new Record<>(open.ip(), alert(open, Instant.ofEpochMilli(resolvedAt)), resolvedAt));
    }

    /** The alert as the alerts topic carries it: firing when {@code resolvedAt} is null, else resolved. */
    private SuspiciousIpAlert alert(OpenAlert open, Instant resolvedAt) {
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
                .setStatus(resolvedAt == null ? "firing" : "resolved")
                .setOccurrences(open.occurrences())
                .setResolvedAt(resolvedAt)
                .setLogType(open.logType())
                .setInternal(isInternal)
                .build();
    }
}
