package io.flowsight.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples under licences that forbid copying them into this repository (Elastic License), read in place from
 * the maintainers' {@code shared/data/aws-samples} beside the project. Tests that use them are skipped where
 * that folder is absent, as in a user's clone.
 */
public final class SharedSamples {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = locate();

    private SharedSamples() {
    }

    /** Whether the shared samples are here (used by {@code @EnabledIf}). */
    public static boolean present() {
        return ROOT != null;
    }

    public static Path file(String relative) {
        return ROOT.resolve(relative);
    }

    public static JsonNode json(String relative) {
        try {
            return JSON.readTree(file(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locate() {
        // Maven runs a module's tests in the module directory; the project root is its parent.
        for (Path candidate : new Path[]{Path.of("../../shared/data/aws-samples"), Path.of("../shared/data/aws-samples")}) {
            if (Files.isDirectory(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        return null;
    }
}
