package io.flowsight.ingest.source;

import java.io.IOException;
import java.io.InputStream;

/**
 * One input ingest reads: a local file, standard input, and later an S3 object. A source has a stable identity,
 * under which its position is stored, and can be opened at a byte offset of its (decompressed) content.
 */
public interface Source {

    /** The identity its position is stored under, stable across runs for the same content. */
    String id();

    /** What to call it in logs and dead letters (a path, {@code stdin}, an {@code s3://} URI). */
    String name();

    /** Whether a stored position applies to it: false for inputs that cannot be read again, such as stdin. */
    boolean resumable();

    /** Whether {@code position} was stored for this very content (and not, say, for a file that reused an inode). */
    boolean sameContentAs(SourcePosition position) throws IOException;

    /** The content, decompressed if it is gzip, positioned {@code offset} bytes in. */
    InputStream open(long offset) throws IOException;

    /** Whether the content is gzip (which cannot be followed as it grows). */
    boolean compressed() throws IOException;

    /** The fingerprint to store with a position, see {@link SourcePosition}. */
    Fingerprint fingerprint() throws IOException;

    /** A checksum of the first {@code length} raw bytes of a source, telling apart two files with one inode. */
    record Fingerprint(long crc, int length) {
        public static final Fingerprint NONE = new Fingerprint(0, 0);
    }
}
