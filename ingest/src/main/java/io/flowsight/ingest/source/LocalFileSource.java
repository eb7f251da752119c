package io.flowsight.ingest.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.CRC32;

/**
 * A local file. Its identity is the file system's file key (device and inode) where there is one, so a log
 * that is renamed by rotation keeps its position; a fingerprint of its first kilobyte tells a new file that
 * reuses an old inode from the old file. Without a file key, the absolute path is the identity.
 */
public final class LocalFileSource implements Source {
    static final int FINGERPRINT_BYTES = 1024;

    private final Path path;
    private final String id;

    public LocalFileSource(Path path) throws IOException {
        this.path = path.toAbsolutePath().normalize();
        Object fileKey = Files.readAttributes(this.path, BasicFileAttributes.class).fileKey();
        this.id = fileKey == null ? "file:" + this.path : "file-key:" + fileKey;
    }

    public Path path() {
        return path;
    }

    public long size() throws IOException {
        return Files.size(path);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public boolean resumable() {
        return true;
    }

    @Override
    public boolean sameContentAs(SourcePosition position) throws IOException {
        if (position.fingerprintLength() == 0) {
            return true;
        }
        return fingerprintOf(position.fingerprintLength()).equals(
                new Fingerprint(position.fingerprint(), position.fingerprintLength()));
    }

    @Override
    public InputStream open(long offset) throws IOException {
        return DecompressingInput.openAt(Files.newInputStream(path), offset);
    }

    @Override
    public boolean compressed() throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    @Override
    public Fingerprint fingerprint() throws IOException {
        return fingerprintOf(FINGERPRINT_BYTES);
    }

    /** A CRC of the first {@code length} bytes, or of fewer when the file is still shorter. */
    private Fingerprint fingerprintOf(int length) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(length);
            CRC32 crc = new CRC32();
            crc.update(head);
            return new Fingerprint(crc.getValue(), head.length);
        }
    }
}
