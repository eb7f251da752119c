package io.flowsight.app.runtime;

import io.flowsight.ingest.LogType;
import io.flowsight.ingest.LogTypeDetection;
import io.flowsight.ingest.source.LocalFiles;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files under the paths a user gave, sorted by log type: the {@code --type} they gave, else what each file's AWS
 * object name or first line says. A file's type is worked out once and remembered, as followed folders are listed
 * again and again.
 */
final class InputFiles {
    private final List<Path> roots;
    private final String glob;
    private final Optional<LogType> givenType;
    private final Map<Path, Optional<LogType>> detected = new ConcurrentHashMap<>();

    InputFiles(List<Path> roots, String glob, Optional<LogType> givenType) {
        this.roots = List.copyOf(roots);
        this.glob = glob;
        this.givenType = givenType;
    }

    /** The files of each type found now, and under {@link Optional#empty()} those whose type nothing tells. */
    Map<Optional<LogType>, List<Path>> byType() throws IOException {
        Map<Optional<LogType>, List<Path>> files = new LinkedHashMap<>();
        for (Path file : LocalFiles.expand(roots, glob)) {
            files.computeIfAbsent(typeOf(file), type -> new ArrayList<>()).add(file);
        }
        return files;
    }

    /** The files of one type found now. */
    List<Path> ofType(LogType type) throws IOException {
        return byType().getOrDefault(Optional.of(type), List.of());
    }

    private Optional<LogType> typeOf(Path file) throws IOException {
        if (givenType.isPresent()) {
            return givenType;
        }
        Optional<LogType> known = detected.get(file);
        if (known != null) {
            return known;
        }
        Optional<LogType> type;
        try (InputStream in = Files.newInputStream(file)) {
            type = LogTypeDetection.detect(file.getFileName().toString(), in);
        } catch (EOFException e) {
            return Optional.empty(); // a gzip file still being written: look again at the next listing
        }
        if (type.isPresent() || Files.size(file) > 0) {
            detected.put(file, type);
        }
        return type;
    }
}
