package io.flowsight.testsupport;

import io.flowsight.localkafka.LocalKafkaBroker;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Gives a test a {@link KafkaCluster} parameter: one real cluster shared by every test of the JVM, stopped
 * when the JVM's tests are done.
 *
 * <p>Which cluster is chosen by {@code -Dflowsight.test.kafka}: {@code auto} (default) uses Testcontainers'
 * Kafka where a Docker engine answers and a {@link LocalKafkaBroker} (in-process KRaft) otherwise;
 * {@code container} and {@code in-process} force one. Tests that need their own broker (e.g. to restart it)
 * create a {@link LocalKafkaBroker} themselves.
 */
public final class KafkaClusterExtension implements ParameterResolver {
    public static final String MODE_PROPERTY = "flowsight.test.kafka";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedCluster.class, key -> SharedCluster.start(), SharedCluster.class)
                .cluster();
    }

    /**
     * Tests replay logs of fixed past days into topics they create by hand: a broker's default retention would delete
     * them by their timestamps once those days are a week old, whenever its retention check happens to run.
     */
    static final Map<String, String> NO_TIME_RETENTION = Map.of("log.retention.ms", "-1");

    /** The JVM-wide cluster; JUnit closes it when the root context closes. */
    private record SharedCluster(KafkaCluster cluster, AutoCloseable stopper, Path directory)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        static SharedCluster start() {
            String mode = System.getProperty(MODE_PROPERTY, "auto").toLowerCase(Locale.ROOT);
            boolean container = switch (mode) {
                case "container" -> true;
                case "in-process" -> false;
                case "auto" -> ContainerKafkaCluster.dockerAvailable();
                default -> throw new ParameterResolutionException("-D" + MODE_PROPERTY + "=" + mode
                        + " is not a mode: use auto, container or in-process.");
            };
            if (container) {
                ContainerKafkaCluster cluster = ContainerKafkaCluster.start();
                LOG.info("Tests use {}", cluster.description());
                return new SharedCluster(cluster, cluster, null);
            }
            if (mode.equals("auto")) {
                LOG.info("No Docker engine answers: starting an in-process KRaft broker instead of a container");
            }
            Path directory = TemporaryDirectory.create("flowsight-test-kafka");
            LocalKafkaBroker broker = new LocalKafkaBroker(directory, NO_TIME_RETENTION);
            broker.start();
            LOG.info("Tests use {}", broker.description());
            KafkaCluster cluster = new KafkaCluster() {
                @Override
                public String bootstrapServers() {
                    return broker.bootstrapServers();
                }

                @Override
                public String description() {
                    return broker.description();
                }
            };
            return new SharedCluster(cluster, broker, directory);
        }

        @Override
        public void close() throws Exception {
            stopper.close();
            TemporaryDirectory.delete(directory);
        }
    }

}
