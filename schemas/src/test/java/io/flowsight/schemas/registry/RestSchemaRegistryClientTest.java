package io.flowsight.schemas.registry;

import com.sun.net.httpserver.HttpServer;
import io.flowsight.schemas.registry.local.LocalSchemaRegistry;
import io.flowsight.schemas.registry.local.SchemaRegistryHttpServer;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestSchemaRegistryClientTest {
    static final Schema FLOW = new Schema.Parser().parse("""
            {"type":"record","name":"Flow","namespace":"test","fields":[{"name":"srcaddr","type":"string"}]}""");

    @TempDir
    Path directory;

    @Test
    void retriesServerErrorsWithBackoffThenSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer flaky = stub(exchange -> {
            int call = calls.incrementAndGet();
            return call <= 2 ? new Answer(503, "{\"error_code\":50003,\"message\":\"overloaded\"}")
                    : new Answer(200, "{\"id\":7}");
        });
        try (RestSchemaRegistryClient client = client(flaky, Map.of())) {
            assertThat(client.register("flows-value", FLOW)).isEqualTo(7);
            assertThat(calls).hasValue(3);
            // Cached: no further request.
            assertThat(client.register("flows-value", FLOW)).isEqualTo(7);
            assertThat(calls).hasValue(3);
        } finally {
            flaky.stop(0);
        }
    }

    @Test
    void givesUpAfterMaxRetriesWithTheStatusAndErrorCode() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer down = stub(exchange -> {
            calls.incrementAndGet();
            return new Answer(500, "{\"error_code\":50001,\"message\":\"store failed\"}");
        });
        try (RestSchemaRegistryClient client = client(down, Map.of(
                SchemaRegistryClientConfig.MAX_RETRIES_CONFIG, "2"))) {
            assertThatThrownBy(() -> client.schemaById(1)).isInstanceOfSatisfying(SchemaRegistryException.class,
                    e -> {
                        assertThat(e.httpStatus()).isEqualTo(500);
                        assertThat(e.errorCode()).isEqualTo(50001);
                        assertThat(e.getMessage()).contains("store failed").contains("/schemas/ids/1");
                    });
            assertThat(calls).hasValue(3);
        } finally {
            down.stop(0);
        }
    }

    @Test
    void neverRetriesClientErrors() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = stub(exchange -> {
            calls.incrementAndGet();
            return new Answer(404, "{\"error_code\":40401,\"message\":\"Subject 'x' not found.\"}");
        });
        try (RestSchemaRegistryClient client = client(server, Map.of())) {
            assertThatThrownBy(() -> client.latest("x")).isInstanceOfSatisfying(SchemaRegistryException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
            assertThat(calls).hasValue(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anUnreachableRegistryIsReportedWithTheUrlAndWhatToCheck() {
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(new SchemaRegistryClientConfig(Map.of(
                SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://127.0.0.1:1",
                SchemaRegistryClientConfig.MAX_RETRIES_CONFIG, "1",
                SchemaRegistryClientConfig.RETRY_BACKOFF_MS_CONFIG, "1")));
        assertThatThrownBy(() -> client.subjects()).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.isRetriable()).isTrue();
            assertThat(e.getMessage()).contains("http://127.0.0.1:1").contains("check schema.registry.url");
        });
    }

    @Test
    void sendsBasicAuthFromUserInfoOrFromTheUrl() {
        try (LocalSchemaRegistry registry = LocalSchemaRegistry.open(directory);
             SchemaRegistryHttpServer server = SchemaRegistryHttpServer.start(registry, "127.0.0.1", 0,
                     "fred:s3cret")) {
            RestSchemaRegistryClient anonymous = RestSchemaRegistryClient.forUrl(server.url());
            assertThatThrownBy(anonymous::subjects).isInstanceOfSatisfying(SchemaRegistryException.class,
                    e -> assertThat(e.httpStatus()).isEqualTo(401));

            RestSchemaRegistryClient withUserInfo = new RestSchemaRegistryClient(new SchemaRegistryClientConfig(
                    Map.of(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG, server.url(),
                            SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO",
                            SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO_CONFIG, "fred:s3cret")));
            assertThat(withUserInfo.register("flows-value", FLOW)).isEqualTo(1);

            RestSchemaRegistryClient withUrlCredentials = RestSchemaRegistryClient.forUrl(
                    server.url().replace("http://", "http://fred:s3cret@"));
            assertThat(withUrlCredentials.subjects()).containsExactly("flows-value");
        }
    }

    @Test
    void badConfigurationIsOneClearSentence() {
        assertThatThrownBy(() -> new SchemaRegistryClientConfig(Map.of(
                SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG, "localhost:8081")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http://");
        assertThatThrownBy(() -> new SchemaRegistryClientConfig(Map.of(
                SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://127.0.0.1:8081",
                SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.user.info=user:password");
    }

    @Test
    void triesTheNextUrlWhenTheFirstDoesNotAnswer() throws Exception {
        List<String> paths = new CopyOnWriteArrayList<>();
        HttpServer server = stub(exchange -> {
            paths.add(exchange);
            return new Answer(200, "[\"a-value\"]");
        });
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(new SchemaRegistryClientConfig(Map.of(
                SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG,
                "http://127.0.0.1:1," + "http://127.0.0.1:" + server.getAddress().getPort())))) {
            assertThat(client.subjects()).containsExactly("a-value");
            assertThat(paths).containsExactly("GET /subjects");
        } finally {
            server.stop(0);
        }
    }

    private record Answer(int status, String body) {
    }

    private interface Responder {
        Answer answer(String methodAndPath) throws IOException;
    }

    private static HttpServer stub(Responder responder) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                Answer answer = responder.answer(exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getPath());
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        return server;
    }

    private static RestSchemaRegistryClient client(HttpServer server, Map<String, String> extra) {
        Map<String, String> config = new java.util.HashMap<>(extra);
        config.put(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL_CONFIG,
                "http://127.0.0.1:" + server.getAddress().getPort());
        config.putIfAbsent(SchemaRegistryClientConfig.RETRY_BACKOFF_MS_CONFIG, "5");
        return new RestSchemaRegistryClient(new SchemaRegistryClientConfig(config));
    }
}
