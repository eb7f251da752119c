package io.flowsight.localkafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * A real single-node Apache Kafka cluster (broker and KRaft controller in one process) running inside the
 * calling JVM, on loopback. Its data lives under a directory the caller chooses, so stopping and starting it
 * again on the same directory — in this process or a later one — keeps every topic and record: the ports it
 * chose the first time are kept in that directory and reused.
 *
 * <p>Settings follow what DESIGN.md section 6 measured: one partition for the offsets and transaction topics,
 * no initial rebalance delay, a small cleaner buffer, and Kafka's exit/halt procedures redirected so a broker
 * fault cannot end the host JVM silently.
 */
public final class LocalKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);
    private static final String PORTS_FILE = "ports.properties";
    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";

    private final Path dataDirectory;
    private final Path logDirectory;
    private final Map<String, String> overrides;
    private int brokerPort;
    private int controllerPort;
    private KafkaRaftServer server;
    private Duration lastStartup = Duration.ZERO;

    /**
     * @param dataDirectory where the broker keeps its configuration and logs; reused across restarts
     * @param overrides     broker properties that replace the defaults
     */
    public LocalKafkaBroker(Path dataDirectory, Map<String, String> overrides) {
        this.dataDirectory = dataDirectory.toAbsolutePath();
        this.logDirectory = this.dataDirectory.resolve("kraft-logs");
        this.overrides = Map.copyOf(overrides);
    }

    /** Starts a broker on {@code dataDirectory} with the default settings. */
    public static LocalKafkaBroker start(Path dataDirectory) {
        LocalKafkaBroker broker = new LocalKafkaBroker(dataDirectory, Map.of());
        broker.start();
        return broker;
    }

    /** Formats the log directory if it is new, then starts the broker; ports stay the same across restarts. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        redirectExitProcedures();
        long begin = System.nanoTime();
        if (brokerPort == 0) {
            choosePorts();
        }
        Properties properties = properties();
        formatOnce(properties);
        KafkaRaftServer starting = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
        try {
            starting.startup();
        } catch (RuntimeException e) {
            // A half-started server keeps non-daemon threads alive: take it down before reporting.
            starting.shutdown();
            starting.awaitShutdown();
            throw new IllegalStateException("The local Kafka broker did not start on " + HOST + ":" + brokerPort
                    + " (" + e.getMessage() + "): if another process uses that port (or the data directory "
                    + dataDirectory + "), stop it or choose another data directory.", e);
        }
        server = starting;
        lastStartup = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info("Local Kafka {} broker ready at {} in {} ms (data in {})", AppInfoParser.getVersion(),
                bootstrapServers(), lastStartup.toMillis(), dataDirectory);
    }

    /** Shuts the broker down cleanly; its data stays on disk for {@link #start()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** How long the last {@link #start()} took, formatting included. */
    public synchronized Duration lastStartup() {
        return lastStartup;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The {@code bootstrap.servers} value, on loopback. */
    public String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    /** A short description for logs, e.g. "in-process KRaft broker 4.3.1 at 127.0.0.1:40123". */
    public String description() {
        return "in-process KRaft broker " + AppInfoParser.getVersion() + " at " + bootstrapServers();
    }

    @Override
    public void close() {
        stop();
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDirectory.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.putAll(overrides);
        return p;
    }

    /** Formats the log directory once: a second format would give the cluster a new id and break restarts. */
    private void formatOnce(Properties properties) {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(dataDirectory);
            Path config = dataDirectory.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                properties.store(out, "local Kafka broker written by FlowSight");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int exitCode;
            try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                exitCode = StorageTool.execute(new String[]{"format", "--config", config.toString(),
                        "--cluster-id", Uuid.randomUuid().toString(), "--ignore-formatted"}, print);
            }
            if (exitCode != 0) {
                throw new IllegalStateException("Formatting " + logDirectory + " failed: "
                        + output.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the broker directory " + dataDirectory, e);
        } catch (Exception e) {
            throw new IllegalStateException("Formatting " + logDirectory + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The ports of an earlier run on this directory, or two free ones (then remembered): the controller's address
     * is part of the cluster's configuration, and clients of an earlier run may still know the broker's.
     */
    private void choosePorts() {
        Path file = dataDirectory.resolve(PORTS_FILE);
        try {
            Properties ports = new Properties();
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    ports.load(in);
                }
                brokerPort = Integer.parseInt(ports.getProperty("broker"));
                controllerPort = Integer.parseInt(ports.getProperty("controller"));
                return;
            }
            brokerPort = freePort();
            controllerPort = freePort();
            ports.setProperty("broker", String.valueOf(brokerPort));
            ports.setProperty("controller", String.valueOf(controllerPort));
            Files.createDirectories(dataDirectory);
            try (OutputStream out = Files.newOutputStream(file)) {
                ports.store(out, "loopback ports of the local Kafka broker, reused when it restarts on this directory");
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read or write the broker's ports in " + file + " ("
                    + e.getMessage() + "); delete that file to choose new ports.", e);
        }
    }

    private static void redirectExitProcedures() {
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("The local Kafka broker asked to exit(" + status + "): " + message);
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("The local Kafka broker asked to halt(" + status + "): " + message);
        });
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port for the local Kafka broker", e);
        }
    }
}
