package io.flowsight.app;

import io.flowsight.app.http.HttpApi;
import io.flowsight.app.http.PeopleDecisions;
import io.flowsight.app.topics.BlocklistTopic;
import io.flowsight.app.topics.SilenceTopic;
import io.flowsight.queries.sql.QueryConfig;
import io.flowsight.schemas.serde.AvroSerdeConfig;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Silences and the blocklist through the HTTP API and the command line, on real topics: what one adds, the other
 * lists and expires or removes; a mistake is a 400 with the sentence the command line gives, a guardrail's refusal a
 * 409 with the decision.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class PeopleDecisionsApiIT {
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpApi api;
    private String[] connection;
    @TempDir
    Path work;

    @BeforeEach
    void start(KafkaCluster kafka, SchemaRegistryUrl registry) throws Exception {
        String prefix = "silences-" + UUID.randomUUID() + ".";
        Map<String, Object> settings = Map.of("bootstrap.servers", kafka.bootstrapServers(),
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(), "flowsight.topic.prefix", prefix);
        api = HttpApi.start("127.0.0.1", 0, Optional.of("s3cret"), () -> null, () -> KafkaStreams.State.RUNNING,
                Optional.empty(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), QueryConfig.defaults(),
                new PeopleDecisions(Optional.of(SilenceTopic.open(settings)), Optional.of(BlocklistTopic.open(settings)),
                        Clock.systemUTC()));
        Path config = Files.writeString(work.resolve("flowsight.properties"), "bootstrap.servers="
                + kafka.bootstrapServers() + "\nschema.registry.url=" + registry.url() + "\nflowsight.topic.prefix="
                + prefix + "\n");
        connection = new String[] {"--config", config.toString()};
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aSilenceAddedThroughTheApiIsListedAndExpiredByTheCommandLine() throws Exception {
        assertThat(post("{\"address\":\"203.0.113.0/24\",\"until\":\"4h\",\"comment\":\"ours\"}", null).statusCode())
                .as("the token is required").isEqualTo(401);
        HttpResponse<String> bad = post("{\"address\":\"scanner.example.com\",\"until\":\"4h\",\"comment\":\"x\"}",
                "s3cret");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("--address is 'scanner.example.com', which is not an IP address or CIDR block;");

        HttpResponse<String> added = post("{\"address\":\"203.0.113.0/24\",\"detector\":\"port_scan\",\"until\":\"4h\","
                + "\"comment\":\"weekly scan\",\"createdBy\":\"alice\"}", "s3cret");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(added.body());
        assertThat(id.find()).isTrue();
        assertThat(get("/api/silences").body()).contains("\"id\":\"" + id.group(1) + "\"",
                "\"address\":\"203.0.113.0/24\"", "\"detector\":\"port_scan\"", "\"createdBy\":\"alice\"");

        FlowSightCliTest.Run listed = FlowSightCliTest.run(withConnection("silence", "list"));
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).startsWith(id.group(1) + "  203.0.113.0/24  port_scan  ").endsWith(
                "by alice: weekly scan\n");
        FlowSightCliTest.Run expired = FlowSightCliTest.run(withConnection("silence", "expire", id.group(1)));
        assertThat(expired.out()).isEqualTo("Expired 1 silences.\n");

        assertThat(get("/api/silences").body()).isEqualTo("{\"silences\":[]}");
        assertThat(get("/api/silences?all=true").body()).contains(id.group(1));
        FlowSightCliTest.Run unknown = FlowSightCliTest.run(withConnection("silence", "expire", "no-such-id"));
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("No silence no-such-id; nothing was expired");
    }

    @Test
    void aPersonBlocksThroughTheApiTheGuardrailsRefuseAnInternalAddressAndTheCommandLineUnblocks() throws Exception {
        assertThat(get("/api/blocklist").body()).isEqualTo("{\"enforced\":false,\"blocked\":[]}");
        HttpResponse<String> noComment = post("/api/blocklist", "{\"action\":\"add\",\"address\":\"198.51.100.23\"}",
                "s3cret");
        assertThat(noComment.statusCode()).isEqualTo(400);
        assertThat(noComment.body()).isEqualTo("{\"error\":\"The field 'comment' is missing; say why, for the audit "
                + "trail.\"}");

        HttpResponse<String> added = post("/api/blocklist", "{\"action\":\"add\",\"address\":\"198.51.100.23\","
                + "\"comment\":\"scanner\",\"ttl\":\"2h\",\"by\":\"alice\"}", "s3cret");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(added.body()).startsWith("{\"decisions\":[{\"action\":\"block\",\"address\":\"198.51.100.23\",")
                .contains("\"enforced\":false,\"decidedBy\":\"alice\"}]}");
        HttpResponse<String> internal = post("/api/blocklist", "{\"action\":\"add\",\"address\":\"10.0.2.15\","
                + "\"comment\":\"oops\"}", "s3cret");
        assertThat(internal.statusCode()).isEqualTo(409);
        assertThat(internal.body()).startsWith("{\"error\":\"").contains(
                ",\"decisions\":[{\"action\":\"refuse\",\"address\":\"10.0.2.15\",")
                .contains("\"decidedBy\":\"http-api\"");

        assertThat(get("/api/blocklist").body()).startsWith("{\"enforced\":false,\"blocked\":[{\"address\":"
                + "\"198.51.100.23\",\"until\":\"").contains("\"severity\":\"critical\",\"offences\":1,",
                "\"decidedBy\":\"alice\"", "\"comment\":\"scanner\"").doesNotContain("10.0.2.15");
        FlowSightCliTest.Run listed = FlowSightCliTest.run(withConnection("blocklist", "list"));
        assertThat(listed.out()).startsWith("198.51.100.23  until ").contains("by alice: ");

        FlowSightCliTest.Run removed = FlowSightCliTest.run(withConnection("blocklist", "remove", "198.51.100.23",
                "--comment", "a partner", "--by", "bob"));
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(get("/api/blocklist").body()).isEqualTo("{\"enforced\":false,\"blocked\":[]}");
        HttpResponse<String> unknownAction = post("/api/blocklist", "{\"action\":\"ban\",\"address\":"
                + "\"198.51.100.23\",\"comment\":\"x\"}", "s3cret");
        assertThat(unknownAction.statusCode()).isEqualTo(400);
        assertThat(unknownAction.body()).isEqualTo("{\"error\":\"The field 'action' is 'ban'; use add or remove.\"}");
    }

    private String[] withConnection(String... command) {
        String[] all = new String[command.length + connection.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(connection, 0, all, command.length, connection.length);
        return all;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.url() + path)).header("Authorization", "Bearer s3cret")
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body, String token) throws Exception {
        return post("/api/silences", body, token);
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
