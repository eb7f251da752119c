package io.flowsight.sinks.parquet;

import com.github.luben.zstd.Zstd;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Parquet page compression with zstd-jni and snappy-java called directly. Parquet's stock codec factory loads
 * Hadoop's codec classes; this one lets the sinks write Parquet with no Hadoop jar at run time.
 */
public final class PageCodecs implements CompressionCodecFactory {
    /** zstd level 3: zstd's default, a good size/speed balance for log columns. */
    static final int ZSTD_LEVEL = 3;

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case ZSTD -> compressor(codec, bytes -> Zstd.compress(bytes, ZSTD_LEVEL));
            case SNAPPY -> compressor(codec, Snappy::compress);
            case UNCOMPRESSED -> compressor(codec, bytes -> bytes);
            default -> throw new IllegalArgumentException("Parquet codec " + codec + " is not available: use ZSTD, "
                    + "SNAPPY or UNCOMPRESSED.");
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case ZSTD -> decompressor((bytes, size) -> Zstd.decompress(bytes, size));
            case SNAPPY -> decompressor((bytes, size) -> Snappy.uncompress(bytes));
            case UNCOMPRESSED -> decompressor((bytes, size) -> bytes);
            default -> throw new IllegalArgumentException("Parquet codec " + codec + " cannot be read here.");
        };
    }

    @Override
    public void release() {
    }

    @FunctionalInterface
    private interface Transform {
        byte[] apply(byte[] bytes) throws IOException;
    }

    @FunctionalInterface
    private interface Expand {
        byte[] apply(byte[] bytes, int uncompressedSize) throws IOException;
    }

    private static BytesInputCompressor compressor(CompressionCodecName codec, Transform transform) {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return BytesInput.from(transform.apply(bytes.toByteArray()));
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {
            }
        };
    }

    private static BytesInputDecompressor decompressor(Expand expand) {
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                return BytesInput.from(expand.apply(bytes.toByteArray(), uncompressedSize));
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                    throws IOException {
                byte[] compressed = new byte[compressedSize];
                input.get(compressed);
                output.put(expand.apply(compressed, uncompressedSize));
            }

            @Override
            public void release() {
            }
        };
    }
}
