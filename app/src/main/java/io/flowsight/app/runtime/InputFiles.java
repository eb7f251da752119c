package io.flowsight.app.runtime;

import io.flowsight.ingest.LogType;
import io.flowsight.ingest.LogTypeDetection;
import io.flowsight.ingest.s3.S3ObjectSource;
import io.flowsight.ingest.source.LocalFileSource;
import io.flowsight.ingest.source.Source;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files and S3 objects under the locations a user gave, sorted by log type: the {@code --type} they gave, else
 * what each one's AWS object name or first lines say. A source's type is worked out once and remembered, as followed
 * folders are listed again and again.
 */
public final class InputFiles {
    private final InputLocations locations;
    private final Optional<LogType> givenType;
    private final Map<String, Optional<LogType>> detected = new ConcurrentHashMap<>();

    public InputFiles(InputLocations locations, Optional<LogType> givenType) {
        this.locations = locations;
        this.givenType = givenType;
    }

    /** The sources of each type found now, and under {@link Optional#empty()} those whose type nothing tells. */
    public Map<Optional<LogType>, List<Source>> byType() throws IOException {
        Map<Optional<LogType>, List<Source>> sources = new LinkedHashMap<>();
        for (Source source : locations.sources()) {
            sources.computeIfAbsent(typeOf(source), type -> new ArrayList<>()).add(source);
        }
        return sources;
    }

    /** The local files of one type found now, for following them as they grow. */
    List<LocalFileSource> localFilesOfType(LogType type) throws IOException {
        List<LocalFileSource> files = new ArrayList<>();
        for (Source source : byType().getOrDefault(Optional.of(type), List.of())) {
            if (source instanceof LocalFileSource file) {
                files.add(file);
            }
        }
        return files;
    }

    private Optional<LogType> typeOf(Source source) throws IOException {
        if (givenType.isPresent()) {
            return givenType;
        }
        Optional<LogType> known = detected.get(source.id());
        if (known != null) {
            return known;
        }
        Optional<LogType> type;
        boolean empty;
        try {
            if (source instanceof S3ObjectSource object) {
                empty = object.size() == 0;
                type = object.logType();
            } else {
                LocalFileSource file = (LocalFileSource) source;
                empty = Files.size(file.path()) == 0;
                try (InputStream in = Files.newInputStream(file.path())) {
                    type = LogTypeDetection.detect(file.path().getFileName().toString(), in);
                }
            }
        } catch (EOFException e) {
            return Optional.empty(); // a gzip file still being written: look again at the next listing
        }
        if (type.isPresent() || !empty) {
            detected.put(source.id(), type);
        }
        return type;
    }
}
