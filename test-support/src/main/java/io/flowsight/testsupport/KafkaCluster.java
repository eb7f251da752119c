package io.flowsight.testsupport;

/**
 * A real Kafka cluster a test talks to. Tests get one from {@link KafkaClusterExtension} and do not know
 * whether it runs in a container or in-process.
 */
public interface KafkaCluster {

    /** The {@code bootstrap.servers} value, always on loopback. */
    String bootstrapServers();

    /** A short description for logs, e.g. "in-process KRaft broker 4.3.1". */
    String description();
}
