package io.flowsight.schemas.registry.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowsight.schemas.registry.CompatibilityLevel;
import io.flowsight.schemas.registry.RegisteredSchema;
import io.flowsight.schemas.registry.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves a {@link LocalSchemaRegistry} over the Confluent Schema Registry REST API (the subset clients use:
 * subjects, versions, schemas by id, compatibility, config, mode), so Confluent's own clients and serdes
 * can work against FlowSight's local registry.
 */
public final class SchemaRegistryHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryHttpServer.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private static final Pattern SUBJECT_VERSIONS = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern SUBJECT_VERSION = Pattern.compile("/subjects/([^/]+)/versions/([^/]+)");
    private static final Pattern SUBJECT_VERSION_SCHEMA = Pattern.compile("/subjects/([^/]+)/versions/([^/]+)/schema");
    private static final Pattern SUBJECT = Pattern.compile("/subjects/([^/]+)");
    private static final Pattern SCHEMA_BY_ID = Pattern.compile("/schemas/ids/(\\d+)");
    private static final Pattern SCHEMA_BY_ID_SCHEMA = Pattern.compile("/schemas/ids/(\\d+)/schema");
    private static final Pattern SCHEMA_BY_ID_VERSIONS = Pattern.compile("/schemas/ids/(\\d+)/versions");
    private static final Pattern SCHEMA_BY_ID_SUBJECTS = Pattern.compile("/schemas/ids/(\\d+)/subjects");
    private static final Pattern COMPATIBILITY_VERSION = Pattern.compile("/compatibility/subjects/([^/]+)/versions/([^/]+)");
    private static final Pattern COMPATIBILITY_ALL = Pattern.compile("/compatibility/subjects/([^/]+)/versions");
    private static final Pattern SUBJECT_CONFIG = Pattern.compile("/config/([^/]+)");

    private final LocalSchemaRegistry registry;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Optional<String> requiredAuthorization;
    private final ObjectMapper json = new ObjectMapper();

    private SchemaRegistryHttpServer(LocalSchemaRegistry registry, InetSocketAddress address, String userInfo)
            throws IOException {
        this.registry = registry;
        this.requiredAuthorization = Optional.ofNullable(userInfo).map(info -> "Basic "
                + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
        this.server = HttpServer.create(address, 64);
        this.executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "flowsight-registry-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Serves {@code registry} on {@code host:port} (port 0 picks a free one).
     *
     * @param userInfo {@code user:password} that every request must present with HTTP basic auth, or null
     */
    public static SchemaRegistryHttpServer start(LocalSchemaRegistry registry, String host, int port,
                                                 String userInfo) {
        try {
            return new SchemaRegistryHttpServer(registry, new InetSocketAddress(host, port), userInfo);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serve the schema registry on " + host + ":" + port + " ("
                    + e.getMessage() + "): choose another --port or stop what is using it.", e);
        }
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                if (requiredAuthorization.isPresent() && !requiredAuthorization.get()
                        .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"flowsight-registry\"");
                    throw new SchemaRegistryException(401, SchemaRegistryException.UNAUTHORIZED,
                            "Unauthorized: send HTTP basic auth credentials.");
                }
                Object answer = route(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        queryOf(exchange.getRequestURI().getRawQuery()), exchange);
                respond(exchange, 200, answer);
            } catch (SchemaRegistryException e) {
                ObjectNode error = json.createObjectNode().put("error_code", e.errorCode()).put("message",
                        e.getMessage());
                respond(exchange, e.httpStatus(), error);
            } catch (RuntimeException e) {
                LOG.error("Schema registry request {} {} failed", exchange.getRequestMethod(),
                        exchange.getRequestURI(), e);
                ObjectNode error = json.createObjectNode().put("error_code", SchemaRegistryException.STORE_ERROR)
                        .put("message", "Internal error: " + e.getMessage());
                respond(exchange, 500, error);
            }
        }
    }

    private Object route(String method, String path, Map<String, String> query, HttpExchange exchange)
            throws IOException {
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        Matcher m;
        switch (method) {
            case "GET" -> {
                if (path.equals("/") || path.isEmpty()) {
                    return json.createObjectNode();
                }
                if (path.equals("/subjects")) {
                    return registry.subjects();
                }
                if (path.equals("/schemas/types")) {
                    return List.of("AVRO");
                }
                if (path.equals("/config")) {
                    return levelAnswer(registry.globalCompatibility());
                }
                if (path.equals("/mode")) {
                    return json.createObjectNode().put("mode", "READWRITE");
                }
                if ((m = SUBJECT_VERSIONS.matcher(path)).matches()) {
                    return registry.versions(decode(m.group(1)));
                }
                if ((m = SUBJECT_VERSION_SCHEMA.matcher(path)).matches()) {
                    return new RawJson(registry.version(decode(m.group(1)), decode(m.group(2))).schema());
                }
                if ((m = SUBJECT_VERSION.matcher(path)).matches()) {
                    return registered(registry.version(decode(m.group(1)), decode(m.group(2))));
                }
                if ((m = SCHEMA_BY_ID_SCHEMA.matcher(path)).matches()) {
                    return new RawJson(registry.schemaById(Integer.parseInt(m.group(1))));
                }
                if ((m = SCHEMA_BY_ID_VERSIONS.matcher(path)).matches()) {
                    ArrayNode uses = json.createArrayNode();
                    registry.usesOf(Integer.parseInt(m.group(1))).forEach(use -> uses.addObject()
                            .put("subject", use.subject()).put("version", use.version()));
                    return uses;
                }
                if ((m = SCHEMA_BY_ID_SUBJECTS.matcher(path)).matches()) {
                    return registry.usesOf(Integer.parseInt(m.group(1))).stream()
                            .map(RegisteredSchema::subject).distinct().toList();
                }
                if ((m = SCHEMA_BY_ID.matcher(path)).matches()) {
                    return json.createObjectNode().put("schema", registry.schemaById(Integer.parseInt(m.group(1))));
                }
                if ((m = SUBJECT_CONFIG.matcher(path)).matches()) {
                    String subject = decode(m.group(1));
                    Optional<CompatibilityLevel> own = registry.subjectCompatibility(subject);
                    if (own.isPresent()) {
                        return levelAnswer(own.get());
                    }
                    if (Boolean.parseBoolean(query.get("defaultToGlobal"))) {
                        return levelAnswer(registry.globalCompatibility());
                    }
                    throw new SchemaRegistryException(404,
                            SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED, "Subject '" + subject
                            + "' does not have subject-level compatibility configured");
                }
            }
            case "POST" -> {
                JsonNode body = readBody(exchange);
                if ((m = SUBJECT_VERSIONS.matcher(path)).matches()) {
                    int id = registry.register(decode(m.group(1)), body.path("schema").asText(null),
                            body.path("schemaType").asText(null));
                    return json.createObjectNode().put("id", id);
                }
                if ((m = COMPATIBILITY_VERSION.matcher(path)).matches()) {
                    return compatibilityAnswer(registry.testCompatibility(decode(m.group(1)), decode(m.group(2)),
                            body.path("schema").asText(null), body.path("schemaType").asText(null)), query);
                }
                if ((m = COMPATIBILITY_ALL.matcher(path)).matches()) {
                    return compatibilityAnswer(registry.testCompatibility(decode(m.group(1)), null,
                            body.path("schema").asText(null), body.path("schemaType").asText(null)), query);
                }
                if ((m = SUBJECT.matcher(path)).matches()) {
                    return registered(registry.lookup(decode(m.group(1)), body.path("schema").asText(null),
                            body.path("schemaType").asText(null)));
                }
            }
            case "PUT" -> {
                JsonNode body = readBody(exchange);
                if (path.equals("/config")) {
                    CompatibilityLevel level = levelIn(body);
                    registry.setGlobalCompatibility(level);
                    return json.createObjectNode().put("compatibility", level.name());
                }
                if ((m = SUBJECT_CONFIG.matcher(path)).matches()) {
                    CompatibilityLevel level = levelIn(body);
                    registry.setSubjectCompatibility(decode(m.group(1)), level);
                    return json.createObjectNode().put("compatibility", level.name());
                }
            }
            case "DELETE" -> {
                boolean permanent = Boolean.parseBoolean(query.get("permanent"));
                if ((m = SUBJECT_VERSION.matcher(path)).matches()) {
                    return registry.deleteVersion(decode(m.group(1)), decode(m.group(2)), permanent);
                }
                if ((m = SUBJECT.matcher(path)).matches()) {
                    return registry.deleteSubject(decode(m.group(1)), permanent);
                }
                if ((m = SUBJECT_CONFIG.matcher(path)).matches()) {
                    return levelAnswer(registry.deleteSubjectCompatibility(decode(m.group(1))));
                }
            }
            default -> {
                throw new SchemaRegistryException(405, 405, "HTTP method " + method + " is not supported.");
            }
        }
        throw new SchemaRegistryException(404, 404, "No such endpoint: " + method + " " + path);
    }

    private ObjectNode registered(RegisteredSchema schema) {
        return json.createObjectNode().put("subject", schema.subject()).put("version", schema.version())
                .put("id", schema.id()).put("schema", schema.schema());
    }

    private ObjectNode levelAnswer(CompatibilityLevel level) {
        return json.createObjectNode().put("compatibilityLevel", level.name());
    }

    private ObjectNode compatibilityAnswer(LocalSchemaRegistry.CompatibilityResult result, Map<String, String> query) {
        ObjectNode answer = json.createObjectNode().put("is_compatible", result.compatible());
        if (Boolean.parseBoolean(query.get("verbose"))) {
            ArrayNode messages = answer.putArray("messages");
            result.messages().forEach(messages::add);
        }
        return answer;
    }

    private CompatibilityLevel levelIn(JsonNode body) {
        try {
            return CompatibilityLevel.parse(body.path("compatibility").asText(null));
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL,
                    e.getMessage());
        }
    }

    private JsonNode readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new SchemaRegistryException(413, 413, "Request body exceeds " + MAX_BODY_BYTES + " bytes.");
            }
            if (bytes.length == 0) {
                return json.createObjectNode();
            }
            try {
                return json.readTree(bytes);
            } catch (IOException e) {
                throw new SchemaRegistryException(400, 400, "The request body is not JSON: " + e.getMessage());
            }
        }
    }

    private void respond(HttpExchange exchange, int status, Object answer) throws IOException {
        byte[] body = answer instanceof RawJson raw
                ? raw.text().getBytes(StandardCharsets.UTF_8)
                : json.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> queryOf(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                } else if (!pair.isEmpty()) {
                    query.put(decode(pair), "true");
                }
            }
        }
        return query;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** A body that is already JSON text (a schema), sent as is. */
    private record RawJson(String text) {
    }
}
