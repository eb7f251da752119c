package io.flowsight.schemas.registry.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The local registry's durable state: an append-only file of JSON lines, one per change, fsynced before the
 * change is acknowledged. Replaying it rebuilds the registry with the same ids and versions.
 *
 * <p>A crash can leave the last line half written; that line was never acknowledged, so replay drops it.
 */
final class RegistryJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryJournal.class);
    static final String FILE_NAME = "schemas.journal";

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();
    private FileChannel channel;

    RegistryJournal(Path directory) {
        this.file = directory.resolve(FILE_NAME);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the schema registry directory " + directory
                    + ": choose a writable --data directory.", e);
        }
    }

    /** Reads every complete entry, dropping a torn last line, and opens the file for appending. */
    List<JsonNode> open() {
        List<JsonNode> entries = new ArrayList<>();
        try {
            if (Files.exists(file)) {
                byte[] bytes = Files.readAllBytes(file);
                int lineStart = 0;
                long validLength = 0;
                for (int i = 0; i < bytes.length; i++) {
                    if (bytes[i] == '\n') {
                        String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
                        if (!line.isBlank()) {
                            entries.add(json.readTree(line));
                        }
                        lineStart = i + 1;
                        validLength = lineStart;
                    }
                }
                if (validLength < bytes.length) {
                    LOG.warn("Dropping {} bytes of an unfinished entry at the end of {} (left by a crash)",
                            bytes.length - validLength, file);
                    try (FileChannel truncate = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        truncate.truncate(validLength);
                    }
                }
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the schema registry journal " + file
                    + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /** Appends one entry and forces it to disk before returning. */
    void append(ObjectNode entry) {
        byte[] line = (entry.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the schema registry journal " + file + ": "
                    + e.getMessage(), e);
        }
    }

    ObjectNode newEntry(String op) {
        return json.createObjectNode().put("op", op);
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("Closing {} failed", file, e);
            }
        }
    }
}
