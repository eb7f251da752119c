package io.flowsight.testsupport;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;

/**
 * Gives a test an {@link SqsEndpoint}: ElasticMQ, an SQS-compatible server, started once per test JVM in-process on
 * loopback. Modules using it declare {@code org.elasticmq:elasticmq-rest-sqs_2.13} as a test dependency.
 */
public final class SqsServerExtension implements ParameterResolver {
    private static final Logger LOG = LoggerFactory.getLogger(SqsServerExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SqsServerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SqsEndpoint.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(RunningServer.class, key -> RunningServer.start(), RunningServer.class)
                .endpoint();
    }

    private record RunningServer(SqsEndpoint endpoint, SQSRestServer server)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        static RunningServer start() {
            int port = LoopbackPorts.free();
            // The server address is what queue URLs name, so it must be the address the server listens on.
            SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port)
                    .withServerAddress(new NodeAddress("http", "127.0.0.1", port, "")).start();
            server.waitUntilStarted();
            SqsEndpoint endpoint = new SqsEndpoint(URI.create("http://127.0.0.1:" + port), "us-east-1",
                    "flowsight-test-access", "flowsight-test-secret");
            LOG.info("Tests use ElasticMQ at {}", endpoint.uri());
            return new RunningServer(endpoint, server);
        }

        @Override
        public void close() {
            server.stopAndWait();
        }
    }
}
