package io.flowsight.ingest.source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Opens log bytes as they are, or gunzipped when they start with the gzip magic bytes. The bytes decide, not
 * the name: AWS serves gzipped ALB logs without a {@code .gz} content encoding, and users rename files.
 * Concatenated gzip members (as {@code cat a.gz b.gz} makes) are read through. Gunzipped content is a
 * {@link GunzippedInput}, which an {@link InflationLimit} can watch.
 */
public final class DecompressingInput {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private DecompressingInput() {
    }

    public static InputStream open(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if (first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2) {
            return new GunzippedInput(in, 64 * 1024);
        }
        return in;
    }

    /** {@link #open} then {@code offset} bytes of the decompressed content skipped: how a source resumes. */
    public static InputStream openAt(InputStream raw, long offset) throws IOException {
        InputStream in = open(raw);
        try {
            LineReader.skipFully(in, offset);
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return in;
    }
}
