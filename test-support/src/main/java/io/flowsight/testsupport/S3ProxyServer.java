package io.flowsight.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * S3Proxy, a real S3 API server, run as a separate process on loopback with a file-system store and signed requests
 * required. Apart from the calling JVM because its jar bundles some 150 libraries that would otherwise share its
 * class path.
 */
public final class S3ProxyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3ProxyServer.class);
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final S3Endpoint endpoint;
    private final Process process;
    private final Path directory;

    private S3ProxyServer(S3Endpoint endpoint, Process process, Path directory) {
        this.endpoint = endpoint;
        this.process = process;
        this.directory = directory;
    }

    public S3Endpoint endpoint() {
        return endpoint;
    }

    /** Starts S3Proxy from its jar-with-dependencies on a free loopback port, objects in a temporary directory. */
    public static S3ProxyServer start(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy's jar-with-dependencies is not at " + jar + ".");
        }
        Path directory = TemporaryDirectory.create("flowsight-test-s3");
        try {
            Files.createDirectories(directory.resolve("store"));
            int port = LoopbackPorts.free();
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
            Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toString(), "--properties",
                    properties.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            awaitListening(process, port, log);
            LOG.info("S3Proxy serves {}", endpoint.uri());
            return new S3ProxyServer(endpoint, process, directory);
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

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while S3Proxy was starting", e);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        TemporaryDirectory.delete(directory);
    }
}
