package io.flowsight.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowsight.dashboard.DashboardAssets;
import io.flowsight.queries.sql.JsonCells;
import io.flowsight.queries.canned.CannedQueries;
import io.flowsight.queries.canned.TimeRange;
import io.flowsight.queries.sql.LakeQueryException;
import io.flowsight.queries.sql.LakeQueryService;
import io.flowsight.queries.sql.QueryConfig;
import io.flowsight.queries.sql.QueryResult;
import io.flowsight.queries.sql.QueryTimeoutException;
import io.flowsight.topology.alert.LiveAlert;
import io.flowsight.topology.query.LiveQueries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * FlowSight's HTTP API: live answers from the topology's state stores (interactive queries), read-only SQL over the
 * lake, Prometheus metrics and health; and the web dashboard at {@code /}, whose pages read only this API. JSON everywhere but {@code /metrics}; loopback unless told otherwise; with a
 * bearer token, everything but {@code /health} requires it.
 *
 * <p>The endpoints that read the lake ({@code /api/query}, {@code /api/anomalies}, {@code /api/findings}) run on a
 * {@link LakeQueryPool} of their own within the limits of a {@link QueryConfig}, so the live endpoints and {@code /health} are answered
 * whatever SQL runs. The JDK's HTTP server does not tell when a client goes away, so a query whose client gave up
 * runs on until it ends or reaches the time limit, which bounds it.
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_QUERY_ROWS = 10_000;
    /** Marks a request one instance passed to the instance holding its key. */
    static final String FORWARDED_HEADER = "X-FlowSight-Forwarded";
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);

    /** The endpoints answered from the lake, on the {@link LakeQueryPool}. */
    private static final Set<String> LAKE_ENDPOINTS = Set.of("/api/query", "/api/anomalies", "/api/findings");
    /** The endpoints that also take a POST. */
    private static final List<String> POSTABLE = List.of("/api/query", "/api/silences", "/api/blocklist");

    private final HttpServer server;
    private final ExecutorService executor;
    private final LakeQueryPool lakeQueries;
    private final Optional<String> bearerToken;
    private final Supplier<LiveQueries> live;
    private final Supplier<KafkaStreams.State> streamsState;
    private final Optional<Path> lake;
    private final PrometheusMeterRegistry meters;
    private final PeopleDecisions decisions;
    private final DashboardAssets dashboard = new DashboardAssets();
    private final HttpClient forwarding = HttpClient.newBuilder().connectTimeout(FORWARD_TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new SimpleModule("flowsight-time")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(Duration.class, ToStringSerializer.instance))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private HttpApi(HttpServer server, Optional<String> bearerToken, Supplier<LiveQueries> live,
                    Supplier<KafkaStreams.State> streamsState, Optional<Path> lake, PrometheusMeterRegistry meters,
                    QueryConfig queryConfig, PeopleDecisions decisions) {
        this.server = server;
        this.decisions = decisions;
        this.lakeQueries = new LakeQueryPool(queryConfig);
        this.bearerToken = bearerToken;
        this.live = live;
        this.streamsState = streamsState;
        this.lake = lake;
        this.meters = meters;
        this.executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "flowsight-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Starts the API on {@code host:port} (0 for a free port).
     *
     * @param lake        the lake {@code /api/anomalies} and {@code /api/query} read, or empty where this process has none
     * @param queryConfig the limits of SQL over the lake: time, concurrent queries, DuckDB's threads and memory
     * @param decisions   where {@code /api/silences} and {@code /api/blocklist} record what people decide
     */
    public static HttpApi start(String host, int port, Optional<String> bearerToken, Supplier<LiveQueries> live,
                                Supplier<KafkaStreams.State> streamsState, Optional<Path> lake,
                                PrometheusMeterRegistry meters, QueryConfig queryConfig,
                                PeopleDecisions decisions) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("The HTTP API cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): choose another address with --http, e.g. 127.0.0.1:0 for any free port.", e);
        }
        HttpApi api = new HttpApi(server, bearerToken, live, streamsState, lake, meters, queryConfig, decisions);
        server.start();
        return api;
    }

    public String url() {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getHostString() + ":" + address.getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        boolean answeredElsewhere = false;
        // Not try-with-resources: the exchange must stay open for the error answers, and for the lake's threads.
        try {
            String path = exchange.getRequestURI().getPath();
            if (servedDashboard(exchange)) {
                return;
            }
            if (!path.equals("/health") && !authorized(exchange)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                sendJson(exchange, 401, Map.of("error", "This API needs the header 'Authorization: Bearer <token>' "
                        + "with the token given to --http-token."));
                return;
            }
            boolean postable = POSTABLE.contains(path);
            if (!exchange.getRequestMethod().equals("GET")
                    && !(postable && exchange.getRequestMethod().equals("POST"))) {
                sendJson(exchange, 405, Map.of("error", "Use GET (or POST for " + String.join(", ", POSTABLE) + ")."));
                return;
            }
            Map<String, String> query = parameters(exchange.getRequestURI());
            if (LAKE_ENDPOINTS.contains(path)) {
                handOverToLakePool(exchange, path, query);
                answeredElsewhere = true;
                return;
            }
            route(exchange, path, query);
        } catch (Exception e) {
            fail(exchange, e);
        } finally {
            if (!answeredElsewhere) {
                exchange.close();
            }
        }
    }

    /**
     * Answers the dashboard's pages and assets, if the request is for one. They are served without the token: they
     * hold no data, and a browser cannot send a bearer token when it opens a bookmark; the pages ask for the token
     * and send it with every API call.
     */
    private boolean servedDashboard(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        if (rawPath.startsWith("/api/") || !(method.equals("GET") || method.equals("HEAD"))) {
            return false;
        }
        Optional<DashboardAssets.Asset> asset = dashboard.find(rawPath);
        if (asset.isEmpty()) {
            return false;
        }
        DashboardAssets.securityHeaders().forEach(exchange.getResponseHeaders()::set);
        if (method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Type", asset.get().contentType());
            exchange.sendResponseHeaders(200, -1);
            return true;
        }
        send(exchange, 200, asset.get().contentType(), asset.get().body());
        return true;
    }

    /**
     * Checks the request here and runs its SQL on the lake's pool, which answers and closes the exchange; over the
     * pool's cap it fails at once with {@link RejectedExecutionException}.
     */
    private void handOverToLakePool(HttpExchange exchange, String path, Map<String, String> query) throws IOException,
            LakeQueryException {
        LakeQueryPool.LakeWork work;
        if (path.equals("/api/query")) {
            String sql = sqlOf(exchange, query);
            work = service -> sql(exchange, service, sql);
        } else if (path.equals("/api/findings")) {
            int limit = limit(query);
            work = service -> findings(exchange, service, limit);
        } else {
            int limit = limit(query);
            work = service -> anomalies(exchange, service, limit);
        }
        lakeQueries.submit(lake(), service -> {
            try {
                work.run(service);
            } catch (Exception e) {
                fail(exchange, e);
            } finally {
                exchange.close();
            }
        }, e -> {
            fail(exchange, e);
            exchange.close();
        });
    }

    /** Answers a failure with its status and one sentence. */
    private void fail(HttpExchange exchange, Exception failure) {
        try {
            if (failure instanceof RejectedExecutionException) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                sendJson(exchange, 429, Map.of("error", lakeQueries.busy()));
            } else if (failure instanceof QueryTimeoutException) {
                sendJson(exchange, 504, Map.of("error", String.valueOf(failure.getMessage())));
            } else if (failure instanceof IllegalArgumentException || failure instanceof LakeQueryException) {
                sendJson(exchange, 400, Map.of("error", String.valueOf(failure.getMessage())));
            } else if (failure instanceof InvalidStateStoreException) {
                sendJson(exchange, 503, Map.of("error", "The stream processing is starting or rebalancing; try again "
                        + "in a few seconds (" + failure.getMessage() + ")."));
            } else if (failure instanceof IOException) {
                // The client went away while it was answered: nobody is left to tell.
                LOG.debug("HTTP {}: the answer could not be sent", exchange.getRequestURI(), failure);
            } else {
                LOG.warn("HTTP {} failed", exchange.getRequestURI(), failure);
                sendJson(exchange, 500, Map.of("error", String.valueOf(failure.getMessage())));
            }
        } catch (IOException e) {
            LOG.debug("HTTP {}: the error answer could not be sent", exchange.getRequestURI(), e);
        }
    }

    private void route(HttpExchange exchange, String path, Map<String, String> query) throws IOException {
        switch (path) {
            case "/health" -> health(exchange);
            case "/metrics" -> metrics(exchange);
            case "/api/top-talkers" -> topTalkers(exchange, query);
            case "/api/rejected" -> rejected(exchange, query);
            case "/api/alerts" -> alerts(exchange, query);
            case "/api/silences" -> answer(exchange, decisions.silences(exchange.getRequestMethod(), query,
                    exchange.getRequestBody()));
            case "/api/blocklist" -> answer(exchange, decisions.blocklist(exchange.getRequestMethod(),
                    exchange.getRequestBody()));
            default -> {
                if (path.startsWith("/api/ip/")) {
                    address(exchange, URLDecoder.decode(path.substring("/api/ip/".length()), StandardCharsets.UTF_8));
                } else {
                    sendJson(exchange, 404, Map.of("error", "No such endpoint: " + path + ". Try /api/top-talkers, "
                            + "/api/rejected, /api/anomalies, /api/findings, /api/alerts, /api/silences, "
                            + "/api/blocklist, /api/ip/{address}, /api/query, /metrics, /health, or the dashboard at /."));
                }
            }
        }
    }

    /**
     * The Prometheus scrape; {@code ?name[]=METRIC} (repeatable) keeps those metrics only, as Prometheus' own
     * exporters do: the full scrape holds thousands of Kafka client series, and the dashboard polls a few.
     */
    private void metrics(HttpExchange exchange) throws IOException {
        String contentType = "text/plain; version=0.0.4; charset=utf-8";
        Set<String> names = new LinkedHashSet<>();
        for (String name : repeated(exchange.getRequestURI(), "name[]")) {
            names.add(name);
            // A counter's family is named without the suffix its samples carry; people write either.
            if (name.endsWith("_total")) {
                names.add(name.substring(0, name.length() - "_total".length()));
            }
        }
        String scrape = names.isEmpty() ? meters.scrape() : meters.scrape(contentType, names);
        send(exchange, 200, contentType, scrape.getBytes(StandardCharsets.UTF_8));
    }

    /** Every value of a parameter that may be given more than once. */
    private static Set<String> repeated(URI uri, String name) {
        Set<String> values = new LinkedHashSet<>();
        for (Map.Entry<String, String> pair : queryPairs(uri)) {
            if (pair.getKey().equals(name) && pair.getValue() != null) {
                values.add(pair.getValue());
            }
        }
        return values;
    }

    /** The live alerts, latest first; {@code ?ip=} keeps one address's (the link notifications carry). */
    private void alerts(HttpExchange exchange, Map<String, String> query) throws IOException {
        String ip = query.get("ip");
        LiveQueries queries = live.get();
        List<LiveAlert> alerts = ip == null ? queries.recentAlerts(limit(query))
                : queries.recentAlerts(Integer.MAX_VALUE).stream().filter(alert -> alert.ip().equals(ip))
                .limit(limit(query)).toList();
        List<Map<String, Object>> withScope = new ArrayList<>();
        for (LiveAlert alert : alerts) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = json.convertValue(alert, LinkedHashMap.class);
            fields.put("internal", queries.isInternal(alert.ip()));
            withScope.add(fields);
        }
        sendJson(exchange, 200, Map.of("alerts", withScope));
    }

    private void health(HttpExchange exchange) throws IOException {
        KafkaStreams.State state = streamsState.get();
        boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", up ? "UP" : "DOWN");
        health.put("streams", state.name());
        sendJson(exchange, up ? 200 : 503, health);
    }

    private void topTalkers(HttpExchange exchange, Map<String, String> query) throws IOException {
        LiveQueries queries = live.get();
        String dimension = query.get("dimension");
        if (dimension == null) {
            sendJson(exchange, 200, Map.of("dimensions", queries.topDimensions(), "windows", queries.windows(),
                    "topN", queries.topN(), "usage", "/api/top-talkers?dimension=D&window=PT1M[&closed=N]"));
            return;
        }
        Duration window = window(query);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("dimension", dimension);
        answer.put("window", window);
        if (query.containsKey("closed")) {
            answer.put("closed", queries.closedTopTalkers(dimension, window, positive(query, "closed")));
        } else {
            answer.put("open", queries.openTopTalkers(dimension, window));
        }
        sendJson(exchange, 200, answer);
    }

    private void rejected(HttpExchange exchange, Map<String, String> query) throws IOException {
        LiveQueries queries = live.get();
        String dimension = query.get("dimension");
        if (dimension == null) {
            sendJson(exchange, 200, Map.of("dimensions", queries.rejectionDimensions(), "windows", queries.windows(),
                    "usage", "/api/rejected?dimension=D&window=PT1M[&limit=N]"));
            return;
        }
        Duration window = window(query);
        sendJson(exchange, 200, Map.of("dimension", dimension, "window", window,
                "open", queries.openRejected(dimension, window, limit(query))));
    }

    private void address(HttpExchange exchange, String address) throws IOException {
        LiveQueries queries = live.get();
        Optional<HostInfo> holder = queries.heldElsewhere(address);
        if (holder.isPresent() && exchange.getRequestHeaders().getFirst(FORWARDED_HEADER) == null) {
            forward(exchange, holder.get());
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("report", queries.address(address));
        answer.put("internal", queries.isInternal(address));
        answer.put("held_by", queries.holderOf(address).map(HostInfo::toString).orElse("this instance"));
        sendJson(exchange, 200, answer);
    }

    /**
     * Answers with the instance that holds the key (the metadata-service pattern of Kafka Streams' interactive
     * queries): same path and token; marked as forwarded so that two instances with different views of the
     * assignment during a rebalance cannot pass a request back and forth.
     */
    private void forward(HttpExchange exchange, HostInfo holder) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + holder.host() + ":" + holder.port()
                        + exchange.getRequestURI().getRawPath())).timeout(FORWARD_TIMEOUT)
                .header(FORWARDED_HEADER, "1");
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> answer = forwarding.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            send(exchange, answer.statusCode(), "application/json", answer.body());
        } catch (IOException e) {
            sendJson(exchange, 502, Map.of("error", "The instance holding this address (" + holder + ") did not "
                    + "answer (" + e.getMessage() + "); ask it directly or retry after the rebalance."));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while asking " + holder, e);
        }
    }

    /** How many SQL requests hold a thread of the lake's pool now (for tests that fill it). */
    int runningLakeQueries() {
        return lakeQueries.running();
    }

    /** Anomaly windows are written when a window closes, so they are read from the lake. */
    private void anomalies(HttpExchange exchange, LakeQueryService service, int limit) throws IOException,
            LakeQueryException {
        if (!service.tables().contains("anomalies")) {
            sendJson(exchange, 200, Map.of("anomalies", List.of()));
            return;
        }
        QueryResult result = service.query("SELECT * FROM anomalies ORDER BY window_start DESC, detector, key "
                + "LIMIT " + limit);
        sendJson(exchange, 200, Map.of("anomalies", rowsAsObjects(result)));
    }

    /** Rule findings, newest first, as {@code flowsight findings} shows them (each with its rule's author). */
    private void findings(HttpExchange exchange, LakeQueryService service, int limit) throws IOException,
            LakeQueryException {
        if (!service.tables().contains("findings")) {
            sendJson(exchange, 200, Map.of("findings", List.of()));
            return;
        }
        sendJson(exchange, 200, Map.of("findings", rowsAsObjects(service.query(CannedQueries.findings(limit,
                TimeRange.ALL)))));
    }

    private static String sqlOf(HttpExchange exchange, Map<String, String> query) throws IOException {
        String sql = exchange.getRequestMethod().equals("POST")
                ? new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) : query.get("sql");
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("Give the SQL as ?sql=... or as the body of a POST, e.g. "
                    + "SELECT * FROM alerts LIMIT 10.");
        }
        return sql;
    }

    private void sql(HttpExchange exchange, LakeQueryService service, String sql) throws IOException,
            LakeQueryException {
        QueryResult result = service.query(sql, MAX_QUERY_ROWS);
        if (result.rows().size() > MAX_QUERY_ROWS) {
            throw new IllegalArgumentException("The query returns more than " + MAX_QUERY_ROWS + " rows, the most the "
                    + "API returns: add a LIMIT.");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("columns", result.columns());
        answer.put("types", result.types());
        answer.put("rows", rowsAsObjects(result));
        sendJson(exchange, 200, answer);
    }

    private Path lake() throws LakeQueryException {
        return lake.orElseThrow(() -> new LakeQueryException("This process has no lake: ask the one that runs with "
                + "--lake (flowsight run), or query the lake with flowsight query."));
    }

    private static List<Map<String, Object>> rowsAsObjects(QueryResult result) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < result.columns().size(); i++) {
                object.put(result.columns().get(i), JsonCells.of(row.get(i)));
            }
            rows.add(object);
        }
        return rows;
    }

    private boolean authorized(HttpExchange exchange) {
        if (bearerToken.isEmpty()) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] expected = ("Bearer " + bearerToken.get()).getBytes(StandardCharsets.UTF_8);
        return header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
    }

    private static Duration window(Map<String, String> query) {
        String text = query.getOrDefault("window", "PT1M");
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("window=" + text + " is not an ISO-8601 duration such as PT1M or PT1H.");
        }
    }

    private static int limit(Map<String, String> query) {
        return query.containsKey("limit") ? positive(query, "limit") : DEFAULT_LIMIT;
    }

    private static int positive(Map<String, String> query, String name) {
        try {
            int value = Integer.parseInt(query.get(name));
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + query.get(name) + " must be a positive whole number.");
    }

    /** The query's parameters by name; one given more than once keeps its last value, one without '=' is empty. */
    private static Map<String, String> parameters(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : queryPairs(uri)) {
            parameters.put(pair.getKey(), pair.getValue() == null ? "" : pair.getValue());
        }
        return parameters;
    }

    /** The query's name=value pairs in order, decoded; the value is null where the pair has no '='. */
    private static List<Map.Entry<String, String>> queryPairs(URI uri) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return pairs;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? null : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            pairs.add(new AbstractMap.SimpleEntry<>(key, value));
        }
        return pairs;
    }

    private void answer(HttpExchange exchange, PeopleDecisions.Answer answer) throws IOException {
        sendJson(exchange, answer.status(), answer.body());
    }

    private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", json.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        lakeQueries.close();
        decisions.close();
    }
}
