package io.flowsight.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gives a test an {@link S3Endpoint}: S3Proxy, a real S3 API server, started once per test JVM as a separate process
 * on loopback with a file-system store and signed requests required. It runs apart from the test JVM because its
 * jar bundles some 150 libraries that would otherwise share the tests' class path.
 *
 * <p>The module's build copies the server jar and names it in the system property {@value #JAR_PROPERTY}; tests
 * run outside Maven must set it too.
 */
public final class S3ProxyExtension implements ParameterResolver {
    public static final String JAR_PROPERTY = "flowsight.test.s3proxy.jar";
    private static final Logger LOG = LoggerFactory.getLogger(S3ProxyExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(S3ProxyExtension.class);
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == S3Endpoint.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(RunningServer.class, key -> RunningServer.start(), RunningServer.class)
                .endpoint();
    }

    private record RunningServer(S3Endpoint endpoint, Process process, Path directory)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        static RunningServer start() {
            String jar = System.getProperty(JAR_PROPERTY);
            if (jar == null || !Files.isRegularFile(Path.of(jar))) {
                throw new IllegalStateException("The S3 tests need S3Proxy's jar-with-dependencies named in -D"
                        + JAR_PROPERTY + " (the Maven build sets it); got " + jar + ".");
            }
            Path directory = TemporaryDirectory.create("flowsight-test-s3");
            try {
                Files.createDirectories(directory.resolve("store"));
                int port = freeLoopbackPort();
                S3Endpoint endpoint = new S3Endpoint(URI.create("http://127.0.0.1:" + port), "us-east-1",
                        "flowsight-test-access", "flowsight-test-secret");
                Path properties = directory.resolve("s3proxy.properties");
                Files.writeString(properties, String.join("\n",
                        "s3proxy.endpoint=" + endpoint.uri(),
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + endpoint.accessKey(),
                        "s3proxy.credential=" + endpoint.secretKey(),
                        "jclouds.provider=filesystem-nio2",
                        "jclouds.filesystem.basedir=" + directory.resolve("store"), ""));
                Path log = directory.resolve("s3proxy.log");
                String java = ProcessHandle.current().info().command().orElse("java");
                Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar, "--properties",
                        properties.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                awaitListening(process, port, log);
                LOG.info("Tests use S3Proxy at {}", endpoint.uri());
                return new RunningServer(endpoint, process, directory);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start S3Proxy in " + directory, e);
            }
        }

        private static void awaitListening(Process process, int port, Path log) throws IOException {
            Instant deadline = Instant.now().plus(STARTUP);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ":\n"
                            + Files.readString(log));
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                    return;
                } catch (IOException notYet) {
                    sleep();
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("S3Proxy did not listen on port " + port + " within " + STARTUP + ":\n"
                    + Files.readString(log));
        }

        private static int freeLoopbackPort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }

        private static void sleep() {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while S3Proxy was starting", e);
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            TemporaryDirectory.delete(directory);
        }
    }
}
