package io.flowsight.ingest.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Gunzipped content that counts what it costs: the compressed bytes taken from the source and the bytes inflated from
 * them, so that a reader can tell a gzip bomb (a few megabytes that inflate to gigabytes) from a log file.
 */
public final class GunzippedInput extends FilterInputStream {
    private final CountingInput compressed;

    GunzippedInput(InputStream raw, int bufferSize) throws IOException {
        this(new CountingInput(raw), bufferSize);
    }

    private GunzippedInput(CountingInput compressed, int bufferSize) throws IOException {
        super(new CountingInput(new GZIPInputStream(compressed, bufferSize)));
        this.compressed = compressed;
    }

    /** Compressed bytes read from the source so far (the inflater reads ahead by up to one buffer). */
    public long compressedBytes() {
        return compressed.count;
    }

    /** Bytes inflated and returned (or skipped) so far. */
    public long inflatedBytes() {
        return ((CountingInput) in).count;
    }

    /** A stream that counts the bytes read or skipped through it. */
    private static final class CountingInput extends FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += Math.max(0, skipped);
            return skipped;
        }
    }
}
