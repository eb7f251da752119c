package io.flowsight.rules;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The maintainers' {@code shared/data} beside the project: SigmaHQ's rules (Detection Rule License: read in
 * place, never copied into this repository) and real CloudTrail. Tests that use it are skipped where it is
 * absent, as in a user's clone.
 */
final class SharedData {
    private static final Path ROOT = locate();

    private SharedData() {
    }

    /** Whether the shared data is here (for {@code @EnabledIf}). */
    static boolean present() {
        return ROOT != null;
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    private static Path locate() {
        // Maven runs a module's tests in the module directory; the project root is its parent.
        for (Path candidate : new Path[]{Path.of("../../shared/data"), Path.of("../shared/data")}) {
            if (Files.isDirectory(candidate.resolve("sigma")) && Files.isDirectory(candidate.resolve("aws-samples"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        return null;
    }
}
