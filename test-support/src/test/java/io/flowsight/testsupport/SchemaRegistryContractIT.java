package io.flowsight.testsupport;

import io.flowsight.schemas.registry.CompatibilityLevel;
import io.flowsight.schemas.registry.RegisteredSchema;
import io.flowsight.schemas.registry.RestSchemaRegistryClient;
import io.flowsight.schemas.registry.SchemaRegistryClient;
import io.flowsight.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry client's contract, over HTTP: against FlowSight's local registry by default, and against any
 * Confluent-compatible registry with {@code -Dschema.registry.url=...} (subjects are unique per run and the
 * global configuration is left alone, so an external registry can be shared).
 */
@ExtendWith(SchemaRegistryExtension.class)
class SchemaRegistryContractIT {
    static final Schema V1 = new Schema.Parser().parse("""
            {"type":"record","name":"Flow","namespace":"contract","fields":[{"name":"srcaddr","type":"string"}]}""");
    static final Schema V2 = new Schema.Parser().parse("""
            {"type":"record","name":"Flow","namespace":"contract","fields":[{"name":"srcaddr","type":"string"},
             {"name":"bytes","type":["null","long"],"default":null}]}""");
    static final Schema INCOMPATIBLE = new Schema.Parser().parse("""
            {"type":"record","name":"Flow","namespace":"contract","fields":[{"name":"srcaddr","type":"long"}]}""");

    String url;
    SchemaRegistryClient client;
    String subject;

    @BeforeEach
    void connect(SchemaRegistryUrl registry) {
        url = registry.url();
        client = RestSchemaRegistryClient.forUrl(url);
        subject = "contract-" + UUID.randomUUID() + "-value";
    }

    @Test
    void registerIsIdempotentAndLookupFindsTheVersion() {
        int id = client.register(subject, V1);
        assertThat(freshClient().register(subject, V1)).isEqualTo(id);
        assertThat(client.versions(subject)).containsExactly(1);
        assertThat(client.lookup(subject, V1)).isEqualTo(new RegisteredSchema(subject, id, 1, V1.toString()));
        assertThat(client.subjects()).contains(subject);
    }

    @Test
    void identicalSchemasShareOneIdAcrossSubjects() {
        int id = client.register(subject, V1);
        assertThat(client.register("other-" + subject, V1)).isEqualTo(id);
    }

    @Test
    void schemaByIdAndLatestReturnTheRegisteredSchema() {
        client.register(subject, V1);
        int id2 = client.register(subject, V2);
        assertThat(freshClient().schemaById(id2)).isEqualTo(V2);
        RegisteredSchema latest = client.latest(subject);
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.id()).isEqualTo(id2);
        assertThat(new Schema.Parser().parse(client.version(subject, 1).schema())).isEqualTo(V1);
    }

    @Test
    void compatibilityIsCheckedAtTheSubjectLevel() {
        client.register(subject, V1);
        client.setCompatibility(subject, CompatibilityLevel.BACKWARD);
        assertThat(client.subjectCompatibility(subject)).contains(CompatibilityLevel.BACKWARD);
        assertThat(client.isCompatible(subject, V2)).isTrue();
        assertThat(client.isCompatible(subject, INCOMPATIBLE)).isFalse();
        assertThatThrownBy(() -> client.register(subject, INCOMPATIBLE))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                });
        client.setCompatibility(subject, CompatibilityLevel.NONE);
        assertThat(client.compatibility(subject)).isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.register(subject, INCOMPATIBLE)).isPositive();
    }

    @Test
    void aSubjectWithoutItsOwnLevelFallsBackToTheGlobalOne() {
        client.register(subject, V1);
        assertThat(client.subjectCompatibility(subject)).isEmpty();
        assertThat(client.compatibility(subject)).isEqualTo(client.globalCompatibility());
    }

    @Test
    void missingThingsAreReportedWithConfluentErrorCodes() {
        assertThat(errorCodeOf(() -> client.latest(subject))).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
        client.register(subject, V1);
        assertThat(errorCodeOf(() -> client.version(subject, 9))).isEqualTo(SchemaRegistryException.VERSION_NOT_FOUND);
        assertThat(errorCodeOf(() -> client.lookup(subject, V2))).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
        assertThat(errorCodeOf(() -> client.schemaById(Integer.MAX_VALUE)))
                .isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
    }

    @Test
    void anInvalidSchemaIsRefusedWith42201(SchemaRegistryUrl registry) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(registry.url() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"{\\\"type\\\":\\\"recrod\\\"}\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("\"error_code\":42201");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/vnd.schemaregistry.v1+json"));
    }

    @Test
    void deletingASubjectHidesItButKeepsItsIds() {
        int id = client.register(subject, V1);
        assertThat(client.deleteSubject(subject)).containsExactly(1);
        assertThat(client.subjects()).doesNotContain(subject);
        assertThat(errorCodeOf(() -> client.versions(subject))).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
        assertThat(freshClient().schemaById(id)).isEqualTo(V1);
    }

    /** A client with empty caches, so the answer comes from the registry. */
    private SchemaRegistryClient freshClient() {
        return RestSchemaRegistryClient.forUrl(url);
    }

    private static int errorCodeOf(Runnable call) {
        try {
            call.run();
        } catch (SchemaRegistryException e) {
            return e.errorCode();
        }
        throw new AssertionError("expected a SchemaRegistryException");
    }
}
