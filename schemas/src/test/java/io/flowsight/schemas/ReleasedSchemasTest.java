package io.flowsight.schemas;

import io.flowsight.schemas.registry.CompatibilityCheck;
import io.flowsight.schemas.registry.CompatibilityLevel;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every released schema must stay readable by the current one (BACKWARD, as the registry enforces). */
class ReleasedSchemasTest {

    @TestFactory
    Stream<DynamicTest> currentSchemasReadEveryReleasedVersion() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path release : releases()) {
            try (Stream<Path> files = Files.list(release)) {
                for (Path frozen : files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
                    tests.add(DynamicTest.dynamicTest(release.getFileName() + "/" + frozen.getFileName(), () -> {
                        Schema released = new Schema.Parser().parse(frozen.toFile());
                        Schema current = currentSchema(frozen.getFileName().toString());
                        assertThat(CompatibilityCheck.violations(CompatibilityLevel.BACKWARD, current,
                                List.of(released))).isEmpty();
                    }));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void everyTopicSchemaHasBeenFrozen() throws Exception {
        Path first = releases().get(0);
        for (Topic topic : Topic.values()) {
            assertThat(first.resolve(topic.valueSchema().getName() + ".avsc"))
                    .as("frozen copy of %s", topic.valueSchema().getName()).exists();
        }
    }

    @Test
    void theCheckRejectsARemovedDefaultAndAChangedType() throws Exception {
        Schema released = new Schema.Parser().parse(releases().get(0).resolve("RejectedCount.avsc").toFile());
        Schema newRequiredField = SchemaBuilder.record("RejectedCount").namespace("io.flowsight.schemas")
                .fields().requiredString("log_type").requiredString("dimension").requiredString("key")
                .requiredLong("count").requiredString("region").endRecord();
        Schema countAsString = SchemaBuilder.record("RejectedCount").namespace("io.flowsight.schemas")
                .fields().requiredString("count").endRecord();

        assertThat(CompatibilityCheck.violations(CompatibilityLevel.BACKWARD, newRequiredField, List.of(released)))
                .anySatisfy(v -> assertThat(v).contains("READER_FIELD_MISSING_DEFAULT").contains("region"));
        assertThat(CompatibilityCheck.violations(CompatibilityLevel.BACKWARD, countAsString, List.of(released)))
                .anySatisfy(v -> assertThat(v).contains("TYPE_MISMATCH").contains("/fields/0/type"));
    }

    private static List<Path> releases() throws URISyntaxException, IOException {
        Path root = Path.of(ReleasedSchemasTest.class.getResource("/released").toURI());
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static Schema currentSchema(String fileName) throws IOException {
        try (InputStream in = ReleasedSchemasTest.class.getResourceAsStream("/avro/" + fileName)) {
            assertThat(in).as("current schema %s (was it removed? released schemas cannot disappear)", fileName)
                    .isNotNull();
            return new Schema.Parser().parse(in);
        }
    }

}
