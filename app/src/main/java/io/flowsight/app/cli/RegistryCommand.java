package io.flowsight.app.cli;

import io.flowsight.schemas.registry.local.LocalSchemaRegistry;
import io.flowsight.schemas.registry.local.SchemaRegistryHttpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code flowsight registry}: serves the local schema registry standalone, so any Confluent-compatible client
 * can register and fetch FlowSight's schemas.
 */
@Command(name = "registry",
        description = "Serve FlowSight's local schema registry (Confluent Schema Registry REST API) until "
                + "interrupted. Schemas are kept under <data>/registry and keep their ids across restarts.")
public final class RegistryCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; loopback only unless you change it).")
    String host;

    @Option(names = "--port", defaultValue = "8081",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}, Confluent's).")
    int port;

    @Option(names = "--data", defaultValue = "./flowsight-data",
            description = "FlowSight's data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--basic-auth", paramLabel = "USER:PASSWORD",
            description = "Require HTTP basic auth with these credentials (default: none).")
    String basicAuth;

    @Spec
    CommandSpec spec;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port " + port + " is not a TCP port: use 0 to 65535.");
        }
        LocalSchemaRegistry registry = LocalSchemaRegistry.open(data.resolve("registry"));
        SchemaRegistryHttpServer server;
        try {
            server = SchemaRegistryHttpServer.start(registry, host, port, basicAuth);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            registry.close();
            stopped.countDown();
        }, "flowsight-registry-shutdown"));
        spec.commandLine().getOut().println("Schema registry serving " + server.url() + " (schemas in "
                + registry.journalFile().toAbsolutePath() + "); Ctrl-C stops it.");
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
