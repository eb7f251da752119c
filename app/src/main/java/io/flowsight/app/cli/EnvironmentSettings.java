package io.flowsight.app.cli;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Settings from environment variables, for containers where a {@code --config} file is awkward. Names follow the
 * convention of Confluent's and Apache Kafka's images: the part after the prefix is lower-cased, {@code ___}
 * becomes {@code -}, {@code __} becomes {@code _} and {@code _} becomes {@code .}.
 * <ul>
 *   <li>{@code FLOWSIGHT_KAFKA_SECURITY_PROTOCOL=SASL_SSL} gives the Kafka client, Streams or serde setting
 *   {@code security.protocol=SASL_SSL};</li>
 *   <li>{@code FLOWSIGHT_SET_TOPOLOGY_TOP_N=20} gives FlowSight's own {@code flowsight.topology.top.n=20}.</li>
 * </ul>
 * They override the {@code --config} file; command-line options override them.
 */
final class EnvironmentSettings {
    static final String CLIENT_PREFIX = "FLOWSIGHT_KAFKA_";
    static final String FLOWSIGHT_PREFIX = "FLOWSIGHT_SET_";

    private EnvironmentSettings() {
    }

    static Map<String, Object> from(Map<String, String> environment) {
        Map<String, Object> settings = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(CLIENT_PREFIX) && name.length() > CLIENT_PREFIX.length()) {
                settings.put(key(name.substring(CLIENT_PREFIX.length())), value);
            } else if (name.startsWith(FLOWSIGHT_PREFIX) && name.length() > FLOWSIGHT_PREFIX.length()) {
                settings.put("flowsight." + key(name.substring(FLOWSIGHT_PREFIX.length())), value);
            }
        });
        return settings;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replace("___", "-").replace("__", "\u0000").replace('_', '.')
                .replace('\u0000', '_');
    }
}
