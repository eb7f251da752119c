package io.flowsight.app.cli;

import io.flowsight.schemas.Topic;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a stage finds Kafka and the schema registry: {@code --bootstrap-servers}, {@code --schema-registry-url},
 * the {@code FLOWSIGHT_*} environment variables ({@link EnvironmentSettings}), and a {@code --config} properties file with Kafka client,
 * serde and {@code flowsight.*} settings. Shared by every command that talks to a cluster.
 */
final class KafkaConnectionOptions {
    static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            defaultValue = "${env:FLOWSIGHT_BOOTSTRAP_SERVERS}",
            description = "Kafka brokers (default: $FLOWSIGHT_BOOTSTRAP_SERVERS, else bootstrap.servers in --config).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL", defaultValue = "${env:FLOWSIGHT_SCHEMA_REGISTRY_URL}",
            description = "Schema registry (default: $FLOWSIGHT_SCHEMA_REGISTRY_URL, else schema.registry.url in --config).")
    String schemaRegistryUrl;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file: Kafka client settings (security, SASL, ...), serde settings, and "
                    + "FlowSight's flowsight.* settings.")
    Path configFile;

    /** The settings from the file, overridden by the options; fails naming what is missing. */
    Map<String, Object> settings() throws IOException {
        Map<String, Object> settings = ConfigFile.readWithEnvironment(configFile);
        putIfGiven(settings, BOOTSTRAP_SERVERS, bootstrapServers, "--bootstrap-servers");
        putIfGiven(settings, SCHEMA_REGISTRY_URL, schemaRegistryUrl, "--schema-registry-url");
        return settings;
    }

    /** FlowSight's topic prefix in {@code settings} ({@code flowsight.topic.prefix}, default {@code flowsight.}). */
    static String topicPrefix(Map<String, Object> settings) {
        return Topic.prefixIn(settings);
    }

    private static void putIfGiven(Map<String, Object> settings, String key, String value, String option) {
        if (value != null && !value.isBlank()) {
            settings.put(key, value);
        } else if (!settings.containsKey(key)) {
            throw new IllegalArgumentException("Give " + option + " (or " + key + " in --config).");
        }
    }
}
