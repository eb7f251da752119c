package io.flowsight.app.http;

import io.flowsight.queries.sql.QueryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard beside the API on one server: its pages and assets answer without the token and with the strict
 * Content-Security-Policy, the API still asks for the token, and {@code /metrics?name[]=} keeps the metrics asked for.
 */
class DashboardRoutesTest {
    private static final String TOKEN = "s3cret";
    private final HttpClient client = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private HttpApi api;

    @BeforeEach
    void start() {
        Counter.builder("flowsight.ingest.records").tag("type", "vpc").register(meters).increment(42);
        Counter.builder("flowsight.ingest.bytes").tag("type", "vpc").register(meters).increment(4200);
        api = HttpApi.start("127.0.0.1", 0, Optional.of(TOKEN), () -> null, () -> KafkaStreams.State.RUNNING,
                Optional.empty(), meters, QueryConfig.defaults(), PeopleDecisions.none());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void everyPageIsTheShellServedWithoutTheTokenUnderAStrictContentSecurityPolicy() throws Exception {
        for (String page : new String[] {"/", "/top-talkers", "/alerts", "/rejected", "/sql", "/ip/203.0.113.7",
                "/ip/2001:db8::1"}) {
            HttpResponse<String> answer = get(page, null);
            assertThat(answer.statusCode()).as(page).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(answer.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .startsWith("default-src 'none'; script-src 'self';").doesNotContain("unsafe");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(answer.body()).contains("<script type=\"module\" src=\"/assets/js/main.js\"></script>");
        }
        HttpResponse<String> chart = get("/assets/vendor/uPlot.iife.min.js", null);
        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(chart.body()).startsWith("/*! https://github.com/leeoniya/uPlot (v1.6.30) */");
    }

    @Test
    void theApiStillAsksForTheTokenAndNoPathLeavesTheAssets() throws Exception {
        assertThat(get("/api/alerts", null).statusCode()).isEqualTo(401);
        assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
        for (String path : new String[] {"/assets/../index.html", "/assets/%2e%2e/index.html",
                "/assets/js/../../../../../etc/passwd", "/assets/js", "/ip/1.2.3.4/x", "/index.html"}) {
            HttpResponse<String> answer = get(path, null);
            assertThat(answer.statusCode()).as(path).isIn(401, 404);
            assertThat(answer.body()).as(path).doesNotContain("<html").doesNotContain("root:");
        }
        assertThat(get("/index.html", TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void metricsNamedInTheQueryAreTheOnlyOnesScraped() throws Exception {
        HttpResponse<String> all = get("/metrics", TOKEN);
        assertThat(all.body()).contains("flowsight_ingest_records_total{type=\"vpc\"} 42.0",
                "flowsight_ingest_bytes_total{type=\"vpc\"} 4200.0");
        HttpResponse<String> some = get("/metrics?name[]=flowsight_ingest_records_total", TOKEN);
        assertThat(some.statusCode()).isEqualTo(200);
        assertThat(some.body()).contains("flowsight_ingest_records_total{type=\"vpc\"} 42.0")
                .doesNotContain("flowsight_ingest_bytes");
        assertThat(get("/metrics?name%5B%5D=flowsight_ingest_bytes", TOKEN).body())
                .contains("flowsight_ingest_bytes_total{type=\"vpc\"} 4200.0").doesNotContain("records");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
