package io.flowsight.schemas.registry;

import java.util.Objects;

/**
 * A schema as a registry knows it under one subject: its global id, its version in the subject, and its text.
 */
public record RegisteredSchema(String subject, int id, int version, String schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
