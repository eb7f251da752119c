package io.flowsight.ingest.kafka;

import io.flowsight.ingest.LogType;
import io.flowsight.ingest.parse.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;

/** Ingest's Micrometer meters: records and bytes read, and rejections by reason, per log type. */
public final class IngestMetrics {
    private final MeterRegistry registry;
    private final Map<LogType, Counter> records = new EnumMap<>(LogType.class);
    private final Map<LogType, Counter> bytes = new EnumMap<>(LogType.class);
    private final Counter controlMessages;
    private final Counter digestsSkipped;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (LogType type : LogType.values()) {
            records.put(type, Counter.builder("flowsight.ingest.records").tag("type", type.cliName())
                    .description("Records produced to the raw topics").register(registry));
            bytes.put(type, Counter.builder("flowsight.ingest.bytes").tag("type", type.cliName()).baseUnit("bytes")
                    .description("Bytes of log text read").register(registry));
        }
        controlMessages = Counter.builder("flowsight.ingest.control.messages")
                .description("CloudWatch Logs CONTROL_MESSAGEs skipped").register(registry);
        digestsSkipped = Counter.builder("flowsight.ingest.digests.skipped")
                .description("CloudTrail digest files skipped").register(registry);
    }

    void recordProduced(LogType type) {
        records.get(type).increment();
    }

    void bytesRead(LogType type, long count) {
        bytes.get(type).increment(count);
    }

    void rejected(LogType type, RejectReason reason) {
        Counter.builder("flowsight.ingest.rejected").tag("type", type.cliName()).tag("reason", reason.code())
                .description("Lines or events sent to the dead-letter topic").register(registry).increment();
    }

    void extraFieldsKept(LogType type, long count) {
        Counter.builder("flowsight.ingest.extra.fields").tag("type", type.cliName())
                .description("Records with trailing fields newer than FlowSight knows, kept in extra_fields")
                .register(registry).increment(count);
    }

    void controlMessageSkipped() {
        controlMessages.increment();
    }

    void digestSkipped() {
        digestsSkipped.increment();
    }
}
