package io.flowsight.sinks.parquet;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * How lake files are encoded.
 *
 * @param codec         page compression: ZSTD by default (smallest files for Athena's per-byte pricing), SNAPPY
 *                      for faster writes
 * @param rowGroupBytes target row-group size; Athena and Trino split work by row group, and 64 MB keeps each
 *                      open file's in-memory buffer bounded while staying within the 64–256 MB AWS suggests
 * @param pageBytes     target page size (1 MB, parquet's default): the unit of decompression and of min/max
 *                      statistics for page skipping
 */
public record ParquetSettings(CompressionCodecName codec, long rowGroupBytes, int pageBytes) {

    public static final ParquetSettings DEFAULT = new ParquetSettings(CompressionCodecName.ZSTD, 64L << 20, 1 << 20);

    /** The codec's name as it appears in file names, e.g. {@code zstd}. */
    public String codecExtension() {
        return codec.name().toLowerCase(java.util.Locale.ROOT);
    }
}
