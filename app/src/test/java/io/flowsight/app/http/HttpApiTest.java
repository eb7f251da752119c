package io.flowsight.app.http;

import io.flowsight.queries.sql.QueryConfig;
import io.flowsight.topology.TopologyConfig;
import io.flowsight.topology.query.LiveQueries;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP API keeps answering its live endpoints whatever SQL runs over the lake. */
class HttpApiTest {
    /** The query of issue 16: ten billion rows, minutes of work for one thread. */
    static final String HEAVY = "SELECT sum(hash(a.range + b.range)) FROM range(200000000) a, range(50) b";

    @TempDir
    Path lake;
    KafkaStreams streams;
    HttpApi api;
    final HttpClient client = HttpClient.newHttpClient();

    /**
     * Live answers come from a Kafka Streams instance that is never started: no broker is needed, and its
     * endpoints answer as they do while the stream processing starts.
     */
    @BeforeEach
    void createStreams() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("flowsight.raw.vpcflow");
        streams = new KafkaStreams(builder.build(), new StreamsConfig(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "http-api-test", StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:9")));
    }

    @AfterEach
    void close() {
        if (api != null) {
            api.close();
        }
        streams.close(Duration.ZERO);
    }

    private void start(Map<String, String> querySettings) {
        LiveQueries live = new LiveQueries(streams, new TopologyConfig(Map.of()));
        api = HttpApi.start("127.0.0.1", 0, Optional.empty(), () -> live, () -> KafkaStreams.State.RUNNING,
                Optional.of(lake), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new QueryConfig(querySettings),
                PeopleDecisions.none());
    }

    @Test
    void healthAndAlertsAnswerWithinASecondWhileHeavyQueriesRun() throws Exception {
        start(Map.of(QueryConfig.MAX_CONCURRENT_CONFIG, "2", QueryConfig.THREADS_CONFIG, "1",
                QueryConfig.TIMEOUT_CONFIG, "5m"));
        List<CompletableFuture<HttpResponse<String>>> heavy = List.of(query(HEAVY), query(HEAVY));
        // Both heavy queries hold the pool once a third query is turned away.
        HttpResponse<String> third = awaitBusy();
        assertThat(third.body()).isEqualTo("{\"error\":\"2 SQL queries are running already, as many as "
                + "flowsight.query.max.concurrent allows: retry when one has finished, or raise it.\"}");
        assertThat(third.headers().firstValue("Retry-After")).contains("1");

        HttpResponse<String> health = timedGet("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\",\"streams\":\"RUNNING\"}");
        HttpResponse<String> alerts = timedGet("/api/alerts");
        assertThat(alerts.statusCode()).as(alerts.body()).isEqualTo(503);
        assertThat(alerts.body()).startsWith("{\"error\":\"The stream processing is starting or rebalancing");
        assertThat(heavy).noneMatch(CompletableFuture::isDone);

        api.close();
        api = null;
        awaitNoQueryThreads();
    }

    @Test
    void aQueryOverTheTimeLimitGetsOneSentenceNamingTheLimitAndItsKey() throws Exception {
        start(Map.of(QueryConfig.TIMEOUT_CONFIG, "1s", QueryConfig.THREADS_CONFIG, "1"));
        HttpResponse<String> answer = query(HEAVY).get();
        assertThat(answer.statusCode()).isEqualTo(504);
        assertThat(answer.body()).isEqualTo("{\"error\":\"The query ran longer than the time limit of 1s and was "
                + "stopped: narrow it (a dt/hour filter, a LIMIT) or raise flowsight.query.timeout (--query-timeout).\"}");
        assertThat(timedGet("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void nestedColumnsAndBlobsComeOutAsJson() throws Exception {
        start(Map.of());
        HttpResponse<String> answer = query("SELECT [{'rank': 1, 'key': '10.0.5.5'}] AS entries, "
                + "MAP {'team': 'net'} AS tags, 'line'::BLOB AS payload, '\\xFF'::BLOB AS binary").get();
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"columns\":[\"entries\",\"tags\",\"payload\",\"binary\"],"
                + "\"types\":[\"STRUCT(rank INTEGER, \\\"key\\\" VARCHAR)[]\",\"MAP(VARCHAR, VARCHAR)\",\"BLOB\",\"BLOB\"],"
                + "\"rows\":[{\"entries\":[{\"rank\":1,\"key\":\"10.0.5.5\"}],\"tags\":{\"team\":\"net\"},"
                + "\"payload\":\"line\",\"binary\":\"/w==\"}]}");
    }

    @Test
    void tooManyRowsAreRefusedWithoutReadingThemAll() throws Exception {
        start(Map.of());
        HttpResponse<String> answer = query("SELECT * FROM range(100000000)").get();
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"error\":\"The query returns more than 10000 rows, the most the API "
                + "returns: add a LIMIT.\"}");
    }

    private CompletableFuture<HttpResponse<String>> query(String sql) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(api.url() + "/api/query?sql="
                + URLEncoder.encode(sql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Waits until both heavy queries hold the pool's two threads, then asks a third: probing with small queries
     * before that could take a thread from a heavy query that had not arrived yet.
     */
    private HttpResponse<String> awaitBusy() throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (api.runningLakeQueries() < 2) {
            assertThat(Instant.now()).as("the two heavy queries never filled the pool").isBefore(deadline);
            Thread.sleep(20);
        }
        return query("SELECT 1 AS one").get();
    }

    /** A GET that must be answered within a second. */
    private HttpResponse<String> timedGet(String path) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(api.url() + path))
                .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as(path).isLessThan(Duration.ofSeconds(1));
        return answer;
    }

    /** Closing the API cancels its queries: their threads end instead of working on for minutes. */
    private static void awaitNoQueryThreads() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(thread -> thread.isAlive()
                && thread.getName().startsWith("flowsight-http-sql-"))) {
            assertThat(Instant.now()).as("query threads still running").isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
