package io.flowsight.testsupport;

/**
 * The base URL of the schema registry under test.
 *
 * @param external whether it was given with {@code -Dschema.registry.url} (then tests must not assume it is
 *                 empty or that they own its global settings)
 */
public record SchemaRegistryUrl(String url, boolean external) {
    @Override
    public String toString() {
        return url;
    }
}
