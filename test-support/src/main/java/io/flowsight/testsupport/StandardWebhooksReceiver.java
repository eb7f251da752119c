package io.flowsight.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;

/**
 * A webhook receiver on loopback as a user would write one from the Standard Webhooks specification: it checks each
 * request's signature ({@code v1,} base64 HMAC-SHA256 of {@code id.timestamp.body} under the base64 key after
 * {@code whsec_}, a timestamp within five minutes) and answers 401 to a request that fails it; it answers with the
 * statuses it is told to, then 200, and keeps the bodies it accepted with their {@code webhook-id}. It can be stopped
 * and started again on the same port, as a receiver that is killed and restarted.
 */
public final class StandardWebhooksReceiver implements AutoCloseable {
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    /** An accepted request. */
    public record Delivery(String webhookId, String body) {
    }

    private final byte[] key;
    private final Deque<Integer> scripted = new ArrayDeque<>();
    private final List<Delivery> accepted = new ArrayList<>();
    private int requests;
    private int port;
    private HttpServer server;

    /** Starts on a free loopback port; {@code secret} is the {@code whsec_} secret FlowSight signs with. */
    public StandardWebhooksReceiver(String secret) throws IOException {
        if (!secret.startsWith("whsec_")) {
            throw new IllegalArgumentException("A Standard Webhooks secret starts with whsec_.");
        }
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        start();
    }

    /** The answers to the next requests, in order; after them, 200. */
    public synchronized void answerNext(int... statuses) {
        for (int status : statuses) {
            scripted.add(status);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/hooks/flowsight";
    }

    public synchronized List<Delivery> accepted() {
        return List.copyOf(accepted);
    }

    /** Every request received, refused ones included. */
    public synchronized int requests() {
        return requests;
    }

    /** Stops answering: connections are refused until {@link #start()}. */
    public void stop() {
        server.stop(0);
    }

    /** Starts (again, on the same port once it has one). */
    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/hooks/flowsight", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        int status;
        synchronized (this) {
            requests++;
            boolean signed = verifies(id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body);
            status = !signed ? 401 : scripted.isEmpty() ? 200 : scripted.poll();
            if (status == 200) {
                accepted.add(new Delivery(id, body));
            }
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private boolean verifies(String id, String timestamp, String signatures, String body) {
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        try {
            long seconds = Long.parseLong(timestamp);
            if (Duration.between(Instant.ofEpochSecond(seconds), Instant.now()).abs().compareTo(TOLERANCE) > 0) {
                return false;
            }
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] expected = hmac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            for (String entry : signatures.split(" ")) {
                if (entry.startsWith("v1,") && MessageDigest.isEqual(expected,
                        Base64.getDecoder().decode(entry.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (NumberFormatException | GeneralSecurityException e) {
            return false;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
