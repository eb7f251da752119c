package io.flowsight.respond.aws;

import io.flowsight.aws.signing.AwsCredentialsSource;
import io.flowsight.aws.signing.AwsCredentialsUnavailableException;
import io.flowsight.aws.signing.AwsRegion;
import io.flowsight.aws.signing.AwsSigV4;
import io.flowsight.aws.signing.SignedPost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * POSTs signed requests to one AWS API endpoint (to its root, or to a REST API's path on its host) and retries what
 * may pass: throttling, AWS's own failures (5xx), the network, and credentials that cannot be fetched for a moment;
 * the back-off doubles from 100 ms up to 5 s, with jitter, for at most {@link #MAX_ATTEMPTS} attempts. Any other
 * error answer is thrown as an {@link AwsTargetException} carrying AWS's error code and status, so the caller can say
 * what it means for its target.
 */
final class AwsApiClient {
    static final int MAX_ATTEMPTS = 5;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(AwsApiClient.class);

    /** How the API's protocol spells an error, and which errors are worth another attempt. */
    interface Protocol {
        /** The error code and message of an error answer; the code is empty when the answer has none. */
        AwsError error(int status, Map<String, List<String>> headers, String body);

        boolean throttled(String code);
    }

    record AwsError(String code, String message) {
    }

    record Answer(int status, String body) {
    }

    private final String service;
    private final String signingName;
    private final AwsRegion region;
    private final URI endpoint;
    private final AwsCredentialsSource credentials;
    private final Protocol protocol;
    private final HttpClient http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;

    /**
     * @param service the API's name in sentences, e.g. {@code AWS WAF}
     * @param jitter a number in [0, 1]: the back-off is between half and all of its doubling
     */
    AwsApiClient(String service, String signingName, AwsRegion region, URI endpoint, AwsCredentialsSource credentials,
                 Protocol protocol, Clock clock, Sleeper sleeper, DoubleSupplier jitter) {
        this.service = Objects.requireNonNull(service, "service");
        this.signingName = Objects.requireNonNull(signingName, "signingName");
        this.region = Objects.requireNonNull(region, "region");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        // HTTP/1.1, which every AWS endpoint speaks, with no h2c upgrade offered to a plain-HTTP endpoint override.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * @param action the call's name, for messages
     * @param headers the headers to sign and send besides the signature's, {@code Content-Type} among them
     * @return a 2xx answer
     * @throws AwsTargetException for an error answer that is not retried, or when the attempts run out
     */
    Answer post(String action, Map<String, String> headers, String body) throws InterruptedException {
        return post(action, endpoint, headers, body);
    }

    /**
     * A REST API's call, which names its resource in the path.
     *
     * @param path the request's path on the endpoint's host, e.g. {@code /detector/12ab/threatintelset/34cd}
     * @see #post(String, Map, String)
     */
    Answer post(String action, String path, Map<String, String> headers, String body) throws InterruptedException {
        return post(action, endpoint.resolve(path), headers, body);
    }

    private Answer post(String action, URI uri, Map<String, String> headers, String body) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            String failure;
            boolean retriable;
            String code = null;
            int status = 0;
            Throwable cause = null;
            try {
                SignedPost signed = AwsSigV4.signedPost(uri, headers, body, signingName, region,
                        credentials.resolve(), clock.instant());
                HttpRequest.Builder request = HttpRequest.newBuilder(signed.uri()).timeout(REQUEST_TIMEOUT)
                        .POST(HttpRequest.BodyPublishers.ofString(signed.body(), StandardCharsets.UTF_8));
                signed.headers().forEach(request::header);
                HttpResponse<String> response = http.send(request.build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                status = response.statusCode();
                if (status / 100 == 2) {
                    return new Answer(status, response.body());
                }
                AwsError error = protocol.error(status, response.headers().map(), response.body());
                code = error.code().isEmpty() ? null : error.code();
                retriable = status == 429 || status / 100 == 5 || protocol.throttled(error.code());
                failure = (code == null ? "HTTP " + status : code + " (HTTP " + status + ")")
                        + (error.message().isEmpty() ? "" : ": " + withoutFinalStop(error.message()));
            } catch (AwsCredentialsUnavailableException e) {
                failure = e.getMessage();
                retriable = true;
                cause = e;
            } catch (IOException e) {
                failure = "no answer from " + uri + " (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
                retriable = true;
                cause = e;
            }
            if (!retriable) {
                throw new AwsTargetException(service + " refused " + action + " with " + failure + ".", false,
                        code, status, cause);
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw new AwsTargetException(service + " " + action + " failed " + attempt + " times, the last with "
                        + failure + "; it will be tried again later.", true, code, status, cause);
            }
            Duration wait = backoff(attempt);
            LOG.debug("{} {} attempt {} failed with {}; retrying in {} ms", service, action, attempt, failure,
                    wait.toMillis());
            sleeper.sleep(wait);
        }
    }

    /** Half of the doubling delay plus up to the other half, by the jitter. */
    Duration backoff(int attempt) {
        long doubling = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(doubling / 2 + Math.round(doubling / 2.0 * jitter.getAsDouble()));
    }

    private static String withoutFinalStop(String text) {
        String stripped = text.strip();
        return stripped.endsWith(".") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }
}
