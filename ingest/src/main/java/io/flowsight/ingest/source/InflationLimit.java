package io.flowsight.ingest.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The most a gzip source may inflate: past {@code floorBytes} of content, a source whose content is more than
 * {@code maxRatio} times its compressed size is refused. Log files inflate 5 to 20 times; deflate's ceiling is about
 * 1,000, which is what a bomb of zeros or of one repeated line reaches.
 */
public record InflationLimit(int maxRatio, long floorBytes) {
    public static final int DEFAULT_MAX_RATIO = 100;
    /** Below this much content no ratio is refused: small files compress by odd amounts and cost nothing. */
    public static final long DEFAULT_FLOOR_BYTES = 64L * 1024 * 1024;

    public static final InflationLimit DEFAULT = new InflationLimit(DEFAULT_MAX_RATIO, DEFAULT_FLOOR_BYTES);

    public InflationLimit {
        if (maxRatio < 1 || floorBytes < 0) {
            throw new IllegalArgumentException("An inflation limit needs a ratio of at least 1 and a floor of at "
                    + "least 0 bytes, not " + maxRatio + " and " + floorBytes);
        }
    }

    /**
     * {@code content} as it is when it is not gunzipped; otherwise a view of it that fails with
     * {@link InflationLimitExceeded} as soon as the content passes the limit.
     */
    public InputStream guard(InputStream content) {
        if (!(content instanceof GunzippedInput gunzipped)) {
            return content;
        }
        return new FilterInputStream(gunzipped) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                check(gunzipped);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                check(gunzipped);
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                check(gunzipped);
                return skipped;
            }
        };
    }

    private void check(GunzippedInput gunzipped) throws InflationLimitExceeded {
        long inflated = gunzipped.inflatedBytes();
        long compressed = Math.max(1, gunzipped.compressedBytes());
        if (inflated > floorBytes && inflated / compressed > maxRatio) {
            throw new InflationLimitExceeded(compressed, inflated, maxRatio);
        }
    }
}
