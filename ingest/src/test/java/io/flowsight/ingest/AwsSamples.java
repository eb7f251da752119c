package io.flowsight.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The third-party AWS log samples copied into the test resources (see aws-samples/NOTICE). */
public final class AwsSamples {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsSamples() {
    }

    public static JsonNode json(String name) {
        try (InputStream in = AwsSamples.class.getResourceAsStream("/aws-samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource aws-samples/" + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
