package io.flowsight.notify.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowsight.notify.receiver.StandardWebhooksVerifier;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A webhook receiver on loopback as a user would write one from the Standard Webhooks spec: it checks each request's
 * signature (a request that fails is answered 401 and not kept), answers with the statuses it is told to (then 200),
 * and keeps the bodies it accepted. It can be stopped and started again on the same port, as a receiver that is
 * killed and restarted.
 */
final class LoopbackWebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StandardWebhooksVerifier verifier;
    private final Deque<Integer> scripted = new ArrayDeque<>();
    private final List<JsonNode> accepted = new ArrayList<>();
    private int requests;
    private int port;
    private HttpServer server;

    LoopbackWebhookReceiver(String secret) throws IOException {
        this.verifier = new StandardWebhooksVerifier(secret);
        start();
    }

    synchronized void answerNext(int... statuses) {
        for (int status : statuses) {
            scripted.add(status);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hooks/flowsight";
    }

    synchronized List<JsonNode> accepted() {
        return List.copyOf(accepted);
    }

    synchronized int requests() {
        return requests;
    }

    /** Stops answering: connections are refused until {@link #start()}. */
    void stop() {
        server.stop(0);
    }

    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/hooks/flowsight", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status;
        synchronized (this) {
            requests++;
            boolean signed;
            try {
                signed = verifier.verify(exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body, Instant.now());
            } catch (Exception e) {
                signed = false;
            }
            status = !signed ? 401 : scripted.isEmpty() ? 200 : scripted.poll();
            if (status == 200) {
                accepted.add(JSON.readTree(body));
            }
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
