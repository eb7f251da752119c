package io.flowsight.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for the test servers that must be told theirs before they start (S3Proxy, ElasticMQ). */
public final class LoopbackPorts {
    private LoopbackPorts() {
    }

    /** A loopback port free a moment ago; the server that takes it should start right away. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }
}
