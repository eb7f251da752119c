package io.flowsight.app.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A {@code --http HOST:PORT} value. */
record HttpAddress(String host, int port) {

    static HttpAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (colon > 0 && port >= 0 && port <= 65_535) {
                return new HttpAddress(text.substring(0, colon), port);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--http " + text + " is not HOST:PORT, e.g. 127.0.0.1:8080 (port 0 picks a "
                + "free one).");
    }

    /**
     * The address other instances reach this one at (Kafka Streams' application.server): the host itself, or this
     * machine's name when listening on every interface.
     */
    String advertised() {
        if (!host.equals("0.0.0.0") && !host.equals("::")) {
            return host + ":" + port;
        }
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + port;
        } catch (UnknownHostException e) {
            return "localhost:" + port;
        }
    }
}
