package io.flowsight.app.runtime;

import io.flowsight.localkafka.LocalKafkaBroker;
import io.flowsight.schemas.registry.local.LocalSchemaRegistry;
import io.flowsight.schemas.registry.local.SchemaRegistryHttpServer;

import java.nio.file.Path;
import java.util.Map;

/**
 * The infrastructure of a one-machine run: a real single-node KRaft Kafka broker and FlowSight's local schema
 * registry serving the Confluent REST API, both on loopback, both keeping their data under one directory so a
 * later run resumes where this one stopped.
 */
final class LocalCluster implements AutoCloseable {
    private final LocalKafkaBroker broker;
    private final LocalSchemaRegistry registry;
    private final SchemaRegistryHttpServer registryServer;

    private LocalCluster(LocalKafkaBroker broker, LocalSchemaRegistry registry, SchemaRegistryHttpServer server) {
        this.broker = broker;
        this.registry = registry;
        this.registryServer = server;
    }

    static LocalCluster start(Path data) {
        LocalKafkaBroker broker = new LocalKafkaBroker(data.resolve("kafka"), Map.of());
        broker.start();
        LocalSchemaRegistry registry = null;
        try {
            registry = LocalSchemaRegistry.open(data.resolve("registry"));
            SchemaRegistryHttpServer server = SchemaRegistryHttpServer.start(registry, "127.0.0.1", 0, null);
            return new LocalCluster(broker, registry, server);
        } catch (RuntimeException e) {
            if (registry != null) {
                registry.close();
            }
            broker.stop();
            throw e;
        }
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    String schemaRegistryUrl() {
        return registryServer.url();
    }

    @Override
    public void close() {
        registryServer.close();
        registry.close();
        broker.stop();
    }
}
