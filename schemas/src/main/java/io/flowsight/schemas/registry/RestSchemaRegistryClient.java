package io.flowsight.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client of the Confluent Schema Registry REST API over {@code java.net.http}.
 *
 * <p>Ids and the (subject, schema) pairs this client registered or looked up are cached for the client's
 * life: a registry never changes what an id means, and an id once registered under a subject stays valid.
 * Version lookups ("latest") are not cached here; callers that want a TTL keep their own.
 */
public class RestSchemaRegistryClient implements SchemaRegistryClient {
    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final List<URI> baseUris;
    private final Optional<String> authorization;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration backoff;
    private final Duration backoffMax;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, RegisteredSchema>> lookupsBySubject = new ConcurrentHashMap<>();

    public RestSchemaRegistryClient(SchemaRegistryClientConfig config) {
        this.baseUris = config.urls().stream().map(RestSchemaRegistryClient::withoutUserInfo).toList();
        this.authorization = config.userInfo().map(userInfo -> "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        this.requestTimeout = config.requestTimeout();
        this.maxRetries = config.maxRetries();
        this.backoff = config.retryBackoff();
        this.backoffMax = config.retryBackoffMax();
        this.http = HttpClient.newBuilder()
                .connectTimeout(requestTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** A client of the registry at {@code url} with default settings. */
    public static RestSchemaRegistryClient forUrl(String url) {
        return new RestSchemaRegistryClient(new SchemaRegistryClientConfig(
                Map.of(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG, url)));
    }

    @Override
    public int register(String subject, Schema schema) {
        Integer cached = idsBySubject.getOrDefault(subject, Map.of()).get(schema);
        if (cached != null) {
            return cached;
        }
        ObjectNode body = json.createObjectNode().put("schema", schema.toString());
        JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", body);
        int id = answer.path("id").asInt();
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        RegisteredSchema cached = lookupsBySubject.getOrDefault(subject, Map.of()).get(schema);
        if (cached != null) {
            return cached;
        }
        ObjectNode body = json.createObjectNode().put("schema", schema.toString());
        RegisteredSchema found = toRegistered(send("POST", "/subjects/" + encode(subject), body), subject);
        lookupsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, found);
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, found.id());
        return found;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("GET", "/schemas/ids/" + id, null);
        Schema schema = parse(answer.path("schema").asText(), "schema id " + id);
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return toRegistered(send("GET", "/subjects/" + encode(subject) + "/versions/latest", null), subject);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return toRegistered(send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null), subject);
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        send("GET", "/subjects", null).forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    @Override
    public List<Integer> versions(String subject) {
        List<Integer> versions = new ArrayList<>();
        send("GET", "/subjects/" + encode(subject) + "/versions", null).forEach(node -> versions.add(node.asInt()));
        return versions;
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        ObjectNode body = json.createObjectNode().put("schema", schema.toString());
        return send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", body)
                .path("is_compatible").asBoolean();
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        JsonNode answer = send("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null);
        return CompatibilityLevel.parse(answer.path("compatibilityLevel").asText());
    }

    @Override
    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        try {
            JsonNode answer = send("GET", "/config/" + encode(subject), null);
            return Optional.of(CompatibilityLevel.parse(answer.path("compatibilityLevel").asText()));
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED
                    || e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return CompatibilityLevel.parse(send("GET", "/config", null).path("compatibilityLevel").asText());
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        send("PUT", "/config/" + encode(subject), json.createObjectNode().put("compatibility", level.name()));
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        send("PUT", "/config", json.createObjectNode().put("compatibility", level.name()));
    }

    @Override
    public List<Integer> deleteSubject(String subject) {
        List<Integer> deleted = new ArrayList<>();
        send("DELETE", "/subjects/" + encode(subject), null).forEach(node -> deleted.add(node.asInt()));
        idsBySubject.remove(subject);
        lookupsBySubject.remove(subject);
        return deleted;
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close() before Java 21; its threads are daemons.
    }

    private JsonNode send(String method, String pathAndQuery, JsonNode body) {
        SchemaRegistryException last = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                sleepBeforeRetry(attempt, last);
            }
            for (URI base : baseUris) {
                try {
                    return sendOnce(base, method, pathAndQuery, body);
                } catch (SchemaRegistryException e) {
                    if (!e.isRetriable()) {
                        throw e;
                    }
                    last = e;
                }
            }
        }
        throw last;
    }

    private JsonNode sendOnce(URI base, String method, String pathAndQuery, JsonNode body) {
        URI uri = URI.create(base + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", CONTENT_TYPE + ", application/json")
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        authorization.ifPresent(value -> request.header("Authorization", value));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchemaRegistryException(0, SchemaRegistryException.NO_RESPONSE,
                    "Schema registry at " + base + " did not answer " + method + " " + pathAndQuery + " ("
                            + e + "); check schema.registry.url and that the registry is running.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(0, SchemaRegistryException.NO_RESPONSE,
                    "Interrupted while calling the schema registry at " + base + ".", e);
        }
        return readAnswer(base, method, pathAndQuery, response);
    }

    private JsonNode readAnswer(URI base, String method, String path, HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode answer;
        try {
            answer = response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        if (status >= 200 && status < 300 && answer != null) {
            return answer;
        }
        int errorCode = answer != null && answer.has("error_code") ? answer.path("error_code").asInt() : status;
        String message = answer != null && answer.hasNonNull("message")
                ? answer.path("message").asText()
                : abbreviate(response.body());
        throw new SchemaRegistryException(status, errorCode, "Schema registry at " + base + " refused " + method
                + " " + path + ": HTTP " + status + ", error_code " + errorCode + ": " + message, null);
    }

    private void sleepBeforeRetry(int attempt, SchemaRegistryException cause) {
        long cap = Math.min(backoffMax.toMillis(), backoff.toMillis() << Math.min(attempt - 1, 20));
        long wait = cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
        LOG.warn("Schema registry call failed ({}); retry {} of {} in {} ms", cause.getMessage(), attempt,
                maxRetries, wait);
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }

    private RegisteredSchema toRegistered(JsonNode node, String subject) {
        return new RegisteredSchema(node.path("subject").asText(subject), node.path("id").asInt(),
                node.path("version").asInt(), node.path("schema").asText());
    }

    private static Schema parse(String text, String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new SchemaRegistryException(200, SchemaRegistryException.INVALID_SCHEMA,
                    "The registry returned an Avro schema for " + what + " that does not parse: " + e.getMessage(),
                    e);
        }
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        return URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath()));
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
