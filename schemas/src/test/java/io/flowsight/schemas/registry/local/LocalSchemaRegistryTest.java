package io.flowsight.schemas.registry.local;

import io.flowsight.schemas.registry.CompatibilityLevel;
import io.flowsight.schemas.registry.RegisteredSchema;
import io.flowsight.schemas.registry.SchemaRegistryException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalSchemaRegistryTest {
    static final String V1 = """
            {"type":"record","name":"Flow","namespace":"test","fields":[{"name":"srcaddr","type":"string"}]}""";
    /** V1 plus an optional field: BACKWARD and FORWARD compatible. */
    static final String V2 = """
            {"type":"record","name":"Flow","namespace":"test","fields":[{"name":"srcaddr","type":"string"},
             {"name":"bytes","type":["null","long"],"default":null}]}""";
    /** V1 plus a required field: a V3 reader cannot read V1 data. */
    static final String V3_REQUIRED = """
            {"type":"record","name":"Flow","namespace":"test","fields":[{"name":"srcaddr","type":"string"},
             {"name":"region","type":"string"}]}""";
    static final String OTHER = """
            {"type":"record","name":"Other","namespace":"test","fields":[{"name":"a","type":"int"}]}""";

    @TempDir
    Path directory;
    LocalSchemaRegistry registry;

    @BeforeEach
    void open() {
        registry = LocalSchemaRegistry.open(directory);
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void registrationIsIdempotentAndIdsAreSharedAcrossSubjects() {
        int id = registry.register("a-value", V1, null);
        assertThat(registry.register("a-value", V1.replace(" ", ""), "AVRO")).isEqualTo(id);
        assertThat(registry.register("b-value", V1, null)).isEqualTo(id);
        assertThat(registry.versions("a-value")).containsExactly(1);
        assertThat(registry.versions("b-value")).containsExactly(1);

        int id2 = registry.register("a-value", V2, null);
        assertThat(id2).isNotEqualTo(id);
        assertThat(registry.versions("a-value")).containsExactly(1, 2);
        assertThat(registry.version("a-value", "latest")).isEqualTo(
                new RegisteredSchema("a-value", id2, 2, registry.schemaById(id2)));
        assertThat(registry.lookup("a-value", V1, null).version()).isEqualTo(1);
        assertThat(registry.usesOf(id)).extracting(RegisteredSchema::subject).containsExactly("a-value", "b-value");
    }

    @Test
    void backwardIsTheDefaultAndRejectsANewRequiredField() {
        registry.register("flows-value", V1, null);
        assertThatThrownBy(() -> registry.register("flows-value", V3_REQUIRED, null))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                    assertThat(e.getMessage()).contains("region").contains("BACKWARD");
                });
        assertThat(registry.versions("flows-value")).containsExactly(1);
    }

    @Test
    void subjectLevelOverridesGlobalAndTransitiveLevelsCheckEveryVersion() {
        registry.setSubjectCompatibility("flows-value", CompatibilityLevel.NONE);
        registry.register("flows-value", V1, null);
        registry.register("flows-value", OTHER, null);
        registry.setSubjectCompatibility("flows-value", CompatibilityLevel.BACKWARD);
        // Against the latest (OTHER) V2 is incompatible, so is it under the transitive level.
        assertThat(registry.testCompatibility("flows-value", "latest", V2, null).compatible()).isFalse();
        assertThat(registry.testCompatibility("flows-value", "1", V2, null).compatible()).isTrue();

        registry.deleteSubjectCompatibility("flows-value");
        assertThat(registry.levelFor("flows-value")).isEqualTo(CompatibilityLevel.BACKWARD);
        registry.setGlobalCompatibility(CompatibilityLevel.FORWARD_TRANSITIVE);
        assertThat(registry.levelFor("flows-value")).isEqualTo(CompatibilityLevel.FORWARD_TRANSITIVE);
    }

    @Test
    void forwardAndFullCheckThatOldReadersReadNewData() {
        registry.setGlobalCompatibility(CompatibilityLevel.FULL);
        registry.register("flows-value", V2, null);
        // V1 drops the optional field: V1 reads V2 data, V2 reads V1 data (default null): FULL holds.
        assertThat(registry.testCompatibility("flows-value", "latest", V1, null).compatible()).isTrue();
        // V3 adds a required field: an old V2 reader copes (ignores it) but V3 cannot read V2 data.
        assertThat(registry.testCompatibility("flows-value", "latest", V3_REQUIRED, null).compatible()).isFalse();
        registry.setGlobalCompatibility(CompatibilityLevel.FORWARD);
        assertThat(registry.testCompatibility("flows-value", "latest", V3_REQUIRED, null).compatible()).isTrue();
    }

    @Test
    void stateSurvivesARestartWithTheSameIdsAndVersions() {
        int id1 = registry.register("a-value", V1, null);
        int id2 = registry.register("a-value", V2, null);
        registry.setSubjectCompatibility("a-value", CompatibilityLevel.FULL);
        int id3 = registry.register("b-value", OTHER, null);
        registry.deleteSubject("b-value", false);
        registry.close();

        registry = LocalSchemaRegistry.open(directory);
        assertThat(registry.subjects()).containsExactly("a-value");
        assertThat(registry.lookup("a-value", V2, null)).isEqualTo(
                new RegisteredSchema("a-value", id2, 2, registry.schemaById(id2)));
        assertThat(registry.register("a-value", V1, null)).isEqualTo(id1);
        assertThat(registry.subjectCompatibility("a-value")).contains(CompatibilityLevel.FULL);
        assertThat(registry.register("c-value", OTHER, null)).as("a schema keeps its id after its subject is deleted")
                .isEqualTo(id3);
    }

    @Test
    void aTornLastJournalLineFromACrashIsDropped() throws Exception {
        int id = registry.register("a-value", V1, null);
        registry.close();
        Files.writeString(directory.resolve(RegistryJournal.FILE_NAME), "{\"op\":\"version\",\"subj",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        registry = LocalSchemaRegistry.open(directory);
        assertThat(registry.lookup("a-value", V1, null).id()).isEqualTo(id);
        assertThat(registry.register("a-value", V2, null)).isEqualTo(id + 1);
        registry.close();
        registry = LocalSchemaRegistry.open(directory);
        assertThat(registry.versions("a-value")).containsExactly(1, 2);
    }

    @Test
    void errorsCarryConfluentCodes() {
        assertThat(codeOf(() -> registry.versions("missing"))).isEqualTo(40401);
        registry.register("a-value", V1, null);
        assertThat(codeOf(() -> registry.version("a-value", "7"))).isEqualTo(40402);
        assertThat(codeOf(() -> registry.version("a-value", "zero"))).isEqualTo(42202);
        assertThat(codeOf(() -> registry.lookup("a-value", V2, null))).isEqualTo(40403);
        assertThat(codeOf(() -> registry.schemaById(999))).isEqualTo(40403);
        assertThat(codeOf(() -> registry.register("a-value", "{not json", null))).isEqualTo(42201);
        assertThat(codeOf(() -> registry.register("a-value", V1, "PROTOBUF"))).isEqualTo(42201);
        assertThat(codeOf(() -> registry.deleteSubject("a-value", true))).isEqualTo(40405);
        registry.deleteSubject("a-value", false);
        assertThat(codeOf(() -> registry.deleteSubject("a-value", false))).isEqualTo(40404);
        assertThat(registry.deleteSubject("a-value", true)).containsExactly(1);
        assertThat(codeOf(() -> registry.deleteSubject("a-value", true))).isEqualTo(40401);
    }

    @Test
    void softDeletedVersionsKeepTheirIdsAndNumbersContinue() {
        int id1 = registry.register("a-value", V1, null);
        registry.deleteVersion("a-value", "1", false);
        assertThat(registry.schemaById(id1)).isNotNull();
        registry.register("a-value", V2, null);
        assertThat(registry.versions("a-value")).containsExactly(2);
    }

    private static int codeOf(Runnable call) {
        try {
            call.run();
        } catch (SchemaRegistryException e) {
            return e.errorCode();
        }
        throw new AssertionError("expected a SchemaRegistryException");
    }
}
