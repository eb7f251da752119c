package io.flowsight.schemas;

import java.util.HashMap;
import java.util.Map;

/**
 * FlowSight's settings are one map: its own {@code flowsight.*} keys beside Kafka client, Kafka Streams and serde
 * settings. This is the one place that tells them apart.
 */
public final class ClientSettings {
    public static final String FLOWSIGHT_PREFIX = "flowsight.";

    private ClientSettings() {
    }

    /** The settings for Kafka clients, Kafka Streams and the serde: everything but the {@code flowsight.*} keys. */
    public static Map<String, Object> of(Map<String, ?> settings) {
        Map<String, Object> clients = new HashMap<>(settings);
        clients.keySet().removeIf(key -> key.startsWith(FLOWSIGHT_PREFIX));
        return clients;
    }

    /** Only FlowSight's own {@code flowsight.*} settings. */
    public static Map<String, Object> flowSightOnly(Map<String, ?> settings) {
        Map<String, Object> own = new HashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(FLOWSIGHT_PREFIX)) {
                own.put(key, value);
            }
        });
        return own;
    }
}
