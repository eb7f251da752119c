package io.flowsight.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Sends one {@link OutboundRequest} and classifies the answer. One JDK {@link HttpClient} serves every destination
 * (it is thread-safe and pools connections per host); the request timeout bounds how long one slow receiver can hold
 * its destination's thread.
 */
public final class HttpTransport {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Within the 15–30 s the Standard Webhooks specification recommends receivers be given. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);

    static final String USER_AGENT = "FlowSight-notify";

    private final HttpClient client;
    private final Duration requestTimeout;
    private final Clock clock;

    public HttpTransport(HttpClient client, Duration requestTimeout, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A transport over a new HTTP/1.1 client that never follows redirects (see {@link AttemptResult}). */
    public static HttpTransport create(Duration connectTimeout, Duration requestTimeout, Clock clock) {
        HttpClient client = HttpClient.newBuilder()
                // One small POST per notification gains nothing from HTTP/2, and the cleartext upgrade the client would
                // otherwise attempt on http:// URLs trips up some webhook receivers.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new HttpTransport(client, requestTimeout, clock);
    }

    public AttemptResult send(OutboundRequest request) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(requestTimeout)
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(request.body()));
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            builder.setHeader(header.getKey(), header.getValue());
        }
        try {
            HttpResponse<InputStream> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            String excerpt;
            // Only the excerpt (and one byte more, to know it was cut) is read; closing the stream early lets the client
            // drop the rest of a large answer.
            try (InputStream body = response.body()) {
                excerpt = BodyExcerpt.of(body.readNBytes(BodyExcerpt.MAX_BYTES + 1));
            }
            return AttemptResult.classify(response.statusCode(),
                    RetryAfterHeader.parse(response.headers().firstValue("Retry-After").orElse(null), clock.instant()),
                    excerpt);
        } catch (HttpTimeoutException e) {
            return AttemptResult.networkError("no answer within " + describe(e));
        } catch (ConnectException e) {
            return AttemptResult.networkError("cannot connect to " + request.uri().getHost() + ":" + port(request)
                    + ": " + (e.getMessage() == null ? "connection refused" : e.getMessage()));
        } catch (IOException e) {
            return AttemptResult.networkError(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private String describe(HttpTimeoutException e) {
        return e instanceof HttpConnectTimeoutException ? "the connect timeout"
                : "the request timeout of " + requestTimeout.toMillis() + " ms";
    }

    private static int port(OutboundRequest request) {
        int port = request.uri().getPort();
        return port != -1 ? port : "https".equals(request.uri().getScheme()) ? 443 : 80;
    }
}
