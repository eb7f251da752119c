package io.flowsight.app;

import org.apache.kafka.common.utils.AppInfoParser;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** FlowSight's version and the versions of the libraries that define its data contracts. */
public final class BuildInfo implements CommandLine.IVersionProvider {
    private static final Properties PROPERTIES = load();

    public static String flowSightVersion() {
        return PROPERTIES.getProperty("flowsight.version", "unknown");
    }

    public static String avroVersion() {
        return PROPERTIES.getProperty("avro.version", "unknown");
    }

    /** The Kafka client library actually on the class path. */
    public static String kafkaVersion() {
        return AppInfoParser.getVersion();
    }

    @Override
    public String[] getVersion() {
        return new String[]{
                "FlowSight " + flowSightVersion(),
                "Kafka " + kafkaVersion() + ", Avro " + avroVersion() + ", Java " + Runtime.version()};
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/flowsight-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
