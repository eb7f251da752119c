package io.flowsight.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowsight.testsupport.SigV4Verifier;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A receiver on loopback for tests: records every request exactly as it arrived and answers with scripted responses
 * (200 once the script runs out).
 */
public final class RecordingReceiver implements AutoCloseable {
    /** One request as received; header names lower-cased, as HTTP treats them case-insensitively. */
    public record Request(String method, String pathAndQuery, Map<String, String> headers, String body)
            implements SigV4Verifier.Received {
        @Override
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public record Response(int status, Map<String, String> headers, String body) {
        public static Response of(int status, String body) {
            return new Response(status, Map.of(), body);
        }

        public Response withHeader(String name, String value) {
            Map<String, String> more = new TreeMap<>(headers);
            more.put(name, value);
            return new Response(status, more, body);
        }
    }

    /** What the server does before answering, e.g. block until a test lets it go. */
    public interface BeforeAnswer {
        void run() throws InterruptedException;
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Response> script = new ConcurrentLinkedDeque<>();
    private volatile BeforeAnswer beforeAnswer = () -> { };

    private RecordingReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static RecordingReceiver start() throws IOException {
        return new RecordingReceiver(0);
    }

    public static RecordingReceiver startOn(int port) throws IOException {
        return new RecordingReceiver(port);
    }

    public RecordingReceiver answer(Response... responses) {
        script.addAll(List.of(responses));
        return this;
    }

    public RecordingReceiver beforeAnswer(BeforeAnswer hook) {
        beforeAnswer = hook;
        return this;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    public Request onlyRequest() {
        if (requests.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + requests.size());
        }
        return requests.get(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body));
        try {
            beforeAnswer.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Response response = script.isEmpty() ? Response.of(200, "ok") : script.poll();
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
