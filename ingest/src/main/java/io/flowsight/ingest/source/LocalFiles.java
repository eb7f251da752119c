package io.flowsight.ingest.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The files a list of paths names: files as given, directories walked recursively, optionally filtered by a glob. */
public final class LocalFiles {
    private LocalFiles() {
    }

    /**
     * @param glob a glob on file names (e.g. {@code *.log.gz}), or null for every regular file
     * @throws NoSuchFileException naming a path that does not exist
     */
    public static List<Path> expand(List<Path> paths, String glob) throws IOException {
        PathMatcher matcher = glob == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + glob);
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new NoSuchFileException(path.toString(), null, "no such file or directory");
            }
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile)
                            .filter(file -> matcher == null || matcher.matches(file.getFileName()))
                            .sorted()
                            .forEach(files::add);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            } else {
                files.add(path);
            }
        }
        return files;
    }
}
