package io.flowsight.topology.alert;

import io.flowsight.schemas.SuspiciousIpAlert;
import io.flowsight.topology.detect.AlertCandidate;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns alert candidates into alerts, one per address and detector per quiet period: the first candidate is written at
 * once; candidates whose activity starts within the quiet period after the last one seen only extend it (its last
 * seen time, in the store the live queries read), so a scan that lasts an hour is one alert, not sixty.
 */
public final class AlertDeduplicator implements Processor<String, AlertCandidate, String, SuspiciousIpAlert> {
    public static final String STORE = "alerts";

    private final long quietPeriod;
    private final AddressRanges<Boolean> internal;
    private ProcessorContext<String, SuspiciousIpAlert> context;
    private KeyValueStore<String, AlertCandidate> alerts;

    public AlertDeduplicator(Duration quietPeriod, AddressRanges<Boolean> internal) {
        this.quietPeriod = quietPeriod.toMillis();
        this.internal = internal;
    }

    @Override
    public void init(ProcessorContext<String, SuspiciousIpAlert> context) {
        this.context = context;
        this.alerts = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, AlertCandidate> record) {
        AlertCandidate candidate = record.value();
        if (candidate == null) {
            return;
        }
        String key = candidate.ip() + "|" + candidate.detector();
        AlertCandidate open = alerts.get(key);
        if (open != null && candidate.firstSeen() - open.lastSeen() < quietPeriod
                && open.firstSeen() - candidate.lastSeen() < quietPeriod) {
            alerts.put(key, new AlertCandidate(open.ip(), open.detector(), open.severity(), open.windowStart(),
                    open.windowEnd(), Math.min(open.firstSeen(), candidate.firstSeen()),
                    Math.max(open.lastSeen(), candidate.lastSeen()), open.score(), open.summary(), open.evidence()));
            return;
        }
        alerts.put(key, candidate);
        Map<String, String> evidence = new HashMap<>(candidate.evidence());
        evidence.put("internal", String.valueOf(internal.contains(candidate.ip())));
        SuspiciousIpAlert alert = SuspiciousIpAlert.newBuilder()
                .setAlertId(candidate.ip() + "|" + candidate.detector() + "|" + Instant.ofEpochMilli(candidate.windowStart()))
                .setIp(candidate.ip()).setDetector(candidate.detector()).setSeverity(candidate.severity())
                .setWindowStart(Instant.ofEpochMilli(candidate.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(candidate.windowEnd()))
                .setFirstSeen(Instant.ofEpochMilli(candidate.firstSeen()))
                .setLastSeen(Instant.ofEpochMilli(candidate.lastSeen()))
                .setScore(candidate.score()).setSummary(candidate.summary()).setEvidence(evidence).build();
        context.forward(new Record<>(candidate.ip(), alert, record.timestamp()));
    }
}
