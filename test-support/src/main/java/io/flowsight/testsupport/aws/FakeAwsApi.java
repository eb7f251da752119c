package io.flowsight.testsupport.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowsight.testsupport.SigV4Verifier;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stand-in for one AWS API on loopback, for the calls the targets make: it records every request as it arrived,
 * refuses any whose SigV4 signature does not verify (by the tests' own verifier, for the service and region it
 * stands for), answers scripted failures first when a test asks, and otherwise hands the call to the service's
 * implementation.
 */
public abstract class FakeAwsApi implements AutoCloseable {
    /** AWS's documentation example key pair: fake, and never valid. */
    public static final String ACCESS_KEY_ID = "AKIDEXAMPLE";
    public static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    /** One request as received; header names lower-cased. */
    public record Request(String method, String pathAndQuery, Map<String, String> headers, String body)
            implements SigV4Verifier.Received {
        @Override
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public record Answer(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final String service;
    private final String region;
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Deque<Answer>> scripted = new HashMap<>();

    public FakeAwsApi(String service, String region) throws IOException {
        this.service = service;
        this.region = region;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests of one call, by the name {@link #action} gives it. */
    public synchronized List<Request> requests(String action) {
        return requests.stream().filter(r -> action.equals(action(r))).toList();
    }

    /** The calls in the order they came. */
    public synchronized List<String> actions() {
        return requests.stream().map(this::action).toList();
    }

    /** The next calls of {@code action} get these answers, in order, before the service answers again. */
    public synchronized void script(String action, Answer... answers) {
        scripted.computeIfAbsent(action, a -> new ArrayDeque<>()).addAll(List.of(answers));
    }

    /** The call's name: the X-Amz-Target operation, or the Query form's Action. */
    public abstract String action(Request request);

    /** The service's own answer. */
    public abstract Answer answer(Request request);

    /** The answer to a request whose signature does not verify. */
    public abstract Answer badSignature();

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body);
        Answer answer;
        synchronized (this) {
            requests.add(request);
            String authorization = request.header("Authorization");
            boolean signed = authorization != null && authorization.contains("/" + region + "/" + service
                    + "/aws4_request") && SigV4Verifier.verify(request, SECRET);
            Deque<Answer> queue = scripted.get(action(request));
            if (!signed) {
                answer = badSignature();
            } else if (queue != null && !queue.isEmpty()) {
                answer = queue.poll();
            } else {
                answer = answer(request);
            }
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.getResponseHeaders().add("x-amzn-RequestId", "7c5f1a2e-0000-4000-8000-000000000001");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
