package io.flowsight.topology.findings.correlation;

import java.util.List;

/**
 * The key a correlation's events are repartitioned and stored under: the correlation id and the group values. Each
 * value is length-prefixed, because group values come from the logs (attacker-controlled) and a plain separator
 * inside one would let two groups share a key.
 */
public final class CorrelationKey {
    private CorrelationKey() {
    }

    public static String of(String correlationId, List<String> groupValues) {
        StringBuilder key = new StringBuilder(correlationId);
        for (String value : groupValues) {
            key.append('|').append(value.length()).append(':').append(value);
        }
        return key.toString();
    }
}
