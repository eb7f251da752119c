package io.flowsight.sinks.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A lake in a local directory: a file committed at its final path (atomic rename) is already published. */
public final class LocalLakeStorage implements LakeStorage {
    private final Path root;

    public LocalLakeStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public Path localPath(String relativePath) {
        return root.resolve(relativePath);
    }

    @Override
    public void publish(Path committed, String relativePath) {
        // The committed file is at its final place already.
    }

    @Override
    public List<String> list(String tableName) throws IOException {
        Path directory = root.resolve(tableName);
        List<String> files = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.filter(Files::isRegularFile).forEach(file -> files.add(root.relativize(file).toString()));
        }
        return files;
    }

    @Override
    public void createTableDirectory(String tableName) throws IOException {
        Files.createDirectories(root.resolve(tableName));
    }

    @Override
    public void delete(String relativePath) throws IOException {
        Files.deleteIfExists(root.resolve(relativePath));
    }

    @Override
    public void close() {
    }
}
