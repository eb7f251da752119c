package io.flowsight.app.cli;

import io.flowsight.notify.config.NotifyConfig;
import io.flowsight.notify.config.NotifyConfigException;
import io.flowsight.notify.config.NotifyConfigLoader;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where alerts are delivered: a notify configuration file (notify/README.md) and the shorthands for the common case,
 * {@code --alertmanager URL} and {@code --webhook URL} (its secret from {@code FLOWSIGHT_WEBHOOK_SECRET}). Shared by
 * {@code flowsight notify} and {@code flowsight run}.
 */
final class NotifyOptions {
    static final String WEBHOOK_SECRET_VARIABLE = "FLOWSIGHT_WEBHOOK_SECRET";

    @Option(names = "--notify-config", paramLabel = "FILE",
            description = "Alert destinations and their filters, retries and formats (YAML; see notify/README.md).")
    Path file;

    @Option(names = "--alertmanager", paramLabel = "URL",
            description = "Send alerts to this Prometheus Alertmanager (API v2), e.g. http://127.0.0.1:9093.")
    String alertmanager;

    @Option(names = "--webhook", paramLabel = "URL", description = "Send alerts as JSON signed per the Standard "
            + "Webhooks spec to this URL; the secret (whsec_...) comes from $" + WEBHOOK_SECRET_VARIABLE + ".")
    String webhook;

    /** The destinations asked for; empty when none is. */
    Optional<NotifyConfig> config() throws IOException {
        List<Map<String, Object>> shorthands = new ArrayList<>();
        if (alertmanager != null) {
            shorthands.add(destination("alertmanager", "alertmanager", alertmanager));
        }
        if (webhook != null) {
            Map<String, Object> destination = destination("webhook", "webhook", webhook);
            destination.put("secret", "${" + WEBHOOK_SECRET_VARIABLE + "}");
            shorthands.add(destination);
        }
        if (file == null && shorthands.isEmpty()) {
            return Optional.empty();
        }
        String yaml = file == null ? "" : Files.readString(file);
        String source = file == null ? "the command line" : file.toString();
        try {
            return Optional.of(NotifyConfigLoader.withSystemEnvironment().parse(yaml, source, shorthands));
        } catch (NotifyConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Map<String, Object> destination(String name, String type, String url) {
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("name", name);
        destination.put("type", type);
        destination.put("url", url);
        return destination;
    }
}
