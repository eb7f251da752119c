package io.flowsight.ingest.source;

/**
 * How far ingest got in one source: every byte before {@code offset} (and every line up to {@code line}) is in
 * Kafka. Stored in the same transaction as the records it covers.
 *
 * @param sourceId          the source's identity ({@link Source#id()})
 * @param name              the source's name when the position was stored, for people reading the topic
 * @param offset            bytes done, counted in the decompressed content
 * @param line              lines done
 * @param complete          whether the whole source is done (a followed plain file never is)
 * @param vpcFormat         the flow-log format in force at {@code offset} (set by a header line earlier in the
 *                          file), or null
 * @param fingerprint       CRC32 of the source's first {@code fingerprintLength} raw bytes
 * @param fingerprintLength how many bytes the fingerprint covers; 0 for none
 */
public record SourcePosition(String sourceId, String name, long offset, long line, boolean complete, String vpcFormat,
                             long fingerprint, int fingerprintLength) {

    public static SourcePosition start(Source source) {
        return new SourcePosition(source.id(), source.name(), 0, 0, false, null, 0, 0);
    }

    /** This position moved to {@code offset}/{@code line}, with the format and fingerprint in force there. */
    public SourcePosition advancedTo(long newOffset, long newLine, boolean nowComplete, String format,
                                     Source.Fingerprint print) {
        return new SourcePosition(sourceId, name, newOffset, newLine, nowComplete, format, print.crc(), print.length());
    }
}
