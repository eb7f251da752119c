package io.flowsight.testsupport;

import io.flowsight.schemas.registry.local.LocalSchemaRegistry;
import io.flowsight.schemas.registry.local.SchemaRegistryHttpServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Gives a test a {@link SchemaRegistryUrl}: the registry given by {@code -Dschema.registry.url} (any
 * Confluent-compatible registry), or else FlowSight's local registry served over HTTP on loopback, shared by
 * the tests of the JVM.
 */
public final class SchemaRegistryExtension implements ParameterResolver {
    public static final String URL_PROPERTY = "schema.registry.url";
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SchemaRegistryExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SchemaRegistryUrl.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedRegistry.class, key -> SharedRegistry.start(), SharedRegistry.class)
                .url();
    }

    private record SharedRegistry(SchemaRegistryUrl url, LocalSchemaRegistry registry,
                                  SchemaRegistryHttpServer server, Path directory)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        static SharedRegistry start() {
            String external = System.getProperty(URL_PROPERTY);
            if (external != null && !external.isBlank()) {
                LOG.info("Tests use the schema registry at {}", external);
                return new SharedRegistry(new SchemaRegistryUrl(external, true), null, null, null);
            }
            Path directory = TemporaryDirectory.create("flowsight-test-registry");
            LocalSchemaRegistry registry = LocalSchemaRegistry.open(directory);
            SchemaRegistryHttpServer server = SchemaRegistryHttpServer.start(registry, "127.0.0.1", 0, null);
            LOG.info("Tests use FlowSight's local schema registry at {}", server.url());
            return new SharedRegistry(new SchemaRegistryUrl(server.url(), false), registry, server, directory);
        }

        @Override
        public void close() throws Exception {
            if (server != null) {
                server.close();
                registry.close();
                TemporaryDirectory.delete(directory);
            }
        }
    }
}
