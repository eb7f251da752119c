package io.flowsight.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** A {@code --config} properties file: Kafka client, serde and {@code flowsight.*} settings. */
final class ConfigFile {
    private ConfigFile() {
    }

    /**
     * The file's settings (none when {@code file} is null), overridden by the {@code FLOWSIGHT_KAFKA_*} and
     * {@code FLOWSIGHT_SET_*} environment variables ({@link EnvironmentSettings}).
     */
    static Map<String, Object> readWithEnvironment(Path file) throws IOException {
        Map<String, Object> settings = read(file);
        settings.putAll(EnvironmentSettings.from(System.getenv()));
        return settings;
    }

    /** The file's settings; none when {@code file} is null. */
    static Map<String, Object> read(Path file) throws IOException {
        Map<String, Object> settings = new HashMap<>();
        if (file == null) {
            return settings;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such --config file");
        }
        properties.forEach((key, value) -> settings.put(key.toString(), value));
        return settings;
    }
}
