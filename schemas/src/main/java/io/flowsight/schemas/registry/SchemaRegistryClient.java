package io.flowsight.schemas.registry;

import org.apache.avro.Schema;

import java.util.List;
import java.util.Optional;

/**
 * The operations of the Confluent Schema Registry REST API that FlowSight uses. Implementations throw
 * {@link SchemaRegistryException} with the registry's HTTP status and Confluent error code.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** Finds {@code schema} among the versions of {@code subject}. */
    RegisteredSchema lookup(String subject, Schema schema);

    /** The schema with global id {@code id}. */
    Schema schemaById(int id);

    /** The newest version of {@code subject}. */
    RegisteredSchema latest(String subject);

    /** One version of {@code subject}. */
    RegisteredSchema version(String subject, int version);

    List<String> subjects();

    List<Integer> versions(String subject);

    /**
     * Whether {@code schema} may be registered under {@code subject} at the subject's compatibility level,
     * checked against the latest version (or all, for transitive levels).
     */
    boolean isCompatible(String subject, Schema schema);

    /** The level in force for {@code subject}: its own, else the global one. */
    CompatibilityLevel compatibility(String subject);

    /** The level configured for {@code subject} itself, if any. */
    Optional<CompatibilityLevel> subjectCompatibility(String subject);

    CompatibilityLevel globalCompatibility();

    void setCompatibility(String subject, CompatibilityLevel level);

    void setGlobalCompatibility(CompatibilityLevel level);

    /** Soft-deletes every version of {@code subject}; returns the versions deleted. */
    List<Integer> deleteSubject(String subject);

    @Override
    void close();
}
