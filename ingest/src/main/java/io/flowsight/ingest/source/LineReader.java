package io.flowsight.ingest.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads UTF-8 lines from a byte stream and knows the byte offset where each one starts and ends, so that a
 * position ("everything before byte N is done") can be stored and reading resumed there. Handles {@code \n} and
 * {@code \r\n}; a last line without a newline is still a line.
 */
public final class LineReader {
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int bufferLength;
    private int bufferPosition;
    private byte[] line = new byte[1024];
    private long offset;
    private long lineStart;
    private long lineNumber;
    private boolean stopAtIncompleteLine;

    /**
     * @param in          the (already decompressed) bytes, positioned at {@code startOffset}
     * @param startOffset the byte offset of the first byte {@code in} returns
     * @param startLine   the number of lines before {@code startOffset}
     */
    public LineReader(InputStream in, long startOffset, long startLine) {
        this.in = in;
        this.offset = startOffset;
        this.lineNumber = startLine;
    }

    /**
     * For files still being written: a last line without its newline is not returned (it may be half written),
     * and {@link #offset()} stays at its start, so the next read picks it up whole.
     */
    public LineReader stopAtIncompleteLine() {
        this.stopAtIncompleteLine = true;
        return this;
    }

    /** The next line without its line terminator, or null at the end. */
    public String next() throws IOException {
        lineStart = offset;
        int length = 0;
        while (true) {
            if (bufferPosition == bufferLength) {
                bufferLength = in.read(buffer);
                bufferPosition = 0;
                if (bufferLength <= 0) {
                    bufferLength = 0;
                    if (length == 0) {
                        return null;
                    }
                    if (stopAtIncompleteLine) {
                        offset = lineStart;
                        return null;
                    }
                    break;
                }
            }
            byte b = buffer[bufferPosition++];
            offset++;
            if (b == '\n') {
                break;
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, length * 2);
            }
            line[length++] = b;
        }
        lineNumber++;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    /** Byte offset of the start of the line {@link #next()} returned last. */
    public long lineStart() {
        return lineStart;
    }

    /** Byte offset just after the line {@link #next()} returned last (its newline included). */
    public long offset() {
        return offset;
    }

    /** 1-based number of the line {@link #next()} returned last. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Skips {@code bytes} bytes of {@code in}, failing if it ends first. */
    public static void skipFully(InputStream in, long bytes) throws IOException {
        long remaining = bytes;
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("The source ended " + remaining + " bytes before the stored position "
                            + bytes + ": was it truncated or replaced?");
                }
                skipped = 1;
            }
            remaining -= skipped;
        }
    }
}
