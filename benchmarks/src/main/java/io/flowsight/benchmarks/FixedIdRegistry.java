package io.flowsight.benchmarks;

import io.flowsight.schemas.registry.CompatibilityLevel;
import io.flowsight.schemas.registry.RegisteredSchema;
import io.flowsight.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;

import java.util.List;
import java.util.Optional;

/**
 * A registry that gives every schema id 1, so a benchmark measures the serializer (or deserializer) and not HTTP. Registration is
 * the only call a serializer with auto.register.schemas makes; the others are not part of the measured path.
 */
final class FixedIdRegistry implements SchemaRegistryClient {
    /** What id 1 names, for a benchmark that reads values; null when only writing is measured. */
    private final Schema schemaOfId1;

    FixedIdRegistry() {
        this(null);
    }

    FixedIdRegistry(Schema schemaOfId1) {
        this.schemaOfId1 = schemaOfId1;
    }
    @Override
    public int register(String subject, Schema schema) {
        return 1;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return new RegisteredSchema(subject, 1, 1, schema.toString());
    }

    @Override
    public Schema schemaById(int id) {
        if (id == 1 && schemaOfId1 != null) {
            return schemaOfId1;
        }
        throw notMeasured();
    }

    @Override
    public RegisteredSchema latest(String subject) {
        throw notMeasured();
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        throw notMeasured();
    }

    @Override
    public List<String> subjects() {
        throw notMeasured();
    }

    @Override
    public List<Integer> versions(String subject) {
        throw notMeasured();
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        throw notMeasured();
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        throw notMeasured();
    }

    @Override
    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        throw notMeasured();
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        throw notMeasured();
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        throw notMeasured();
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        throw notMeasured();
    }

    @Override
    public List<Integer> deleteSubject(String subject) {
        throw notMeasured();
    }

    @Override
    public void close() {
    }

    private static IllegalStateException notMeasured() {
        return new IllegalStateException("FixedIdRegistry answers register and lookup only");
    }
}
