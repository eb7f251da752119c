package io.flowsight.ingest.source;

/**
 * How far ingest got in one source: every byte before {@code offset} (and every line up to {@code line}) is in
 * Kafka. Stored in the same transaction as the records it covers.
 *
 * @param sourceId  the source's identity (an absolute file path)
 * @param offset    bytes done, counted in the decompressed content
 * @param line      lines done
 * @param complete  whether the whole source is done
 * @param vpcFormat the flow-log format in force at {@code offset} (set by a header line earlier in the file),
 *                  or null
 */
public record SourcePosition(String sourceId, long offset, long line, boolean complete, String vpcFormat) {

    public static SourcePosition start(String sourceId) {
        return new SourcePosition(sourceId, 0, 0, false, null);
    }
}
