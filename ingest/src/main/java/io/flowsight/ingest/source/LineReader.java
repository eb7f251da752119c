package io.flowsight.ingest.source;

import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads UTF-8 lines from a byte stream and knows the byte offset where each one starts and ends, so that a
 * position ("everything before byte N is done") can be stored and reading resumed there. Handles {@code \n} and
 * {@code \r\n}; a last line without a newline is still a line.
 *
 * <p>A line longer than the limit is returned cut to its first {@code maxLineBytes} bytes and flagged
 * ({@link #lineTooLong()}); the rest of it is read past without being kept, so a file without newlines costs the limit
 * in memory, not its size.
 */
public final class LineReader {
    /** Filebeat's default {@code max_bytes}: far above any real log line, far below the heap. */
    public static final int DEFAULT_MAX_LINE_BYTES = 10 * 1024 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int bufferLength;
    private int bufferPosition;
    private byte[] line = new byte[1024];
    private long offset;
    private long lineStart;
    private long lineNumber;
    private boolean stopAtIncompleteLine;
    private boolean lineTooLong;

    /**
     * @param in          the (already decompressed) bytes, positioned at {@code startOffset}
     * @param startOffset the byte offset of the first byte {@code in} returns
     * @param startLine   the number of lines before {@code startOffset}
     */
    public LineReader(InputStream in, long startOffset, long startLine) {
        this(in, startOffset, startLine, DEFAULT_MAX_LINE_BYTES);
    }

    /** @param maxLineBytes the longest line kept whole; longer ones are cut to it and flagged */
    public LineReader(InputStream in, long startOffset, long startLine, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive, not " + maxLineBytes);
        }
        this.in = in;
        this.offset = startOffset;
        this.lineNumber = startLine;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * For files still being written: a last line without its newline is not returned (it may be half written),
     * and {@link #offset()} stays at its start, so the next read picks it up whole.
     */
    public LineReader stopAtIncompleteLine() {
        this.stopAtIncompleteLine = true;
        return this;
    }

    /** The next line without its line terminator (cut to the limit), or null at the end. */
    public String next() throws IOException {
        lineStart = offset;
        lineTooLong = false;
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
            if (length == maxLineBytes) {
                lineTooLong = true;
                continue;
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, (int) Math.min(maxLineBytes, length * 2L));
            }
            line[length++] = b;
        }
        lineNumber++;
        if (length > 0 && line[length - 1] == '\r' && !lineTooLong) {
            length--;
        }
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    /** Whether the line {@link #next()} returned last was longer than the limit, and so was cut. */
    public boolean lineTooLong() {
        return lineTooLong;
    }

    /** Why the line {@link #next()} returned last, if {@link #lineTooLong()}, is refused. */
    public ParseException lineTooLongError() {
        return new ParseException(RejectReason.LINE_TOO_LONG, "The line is " + (offset - lineStart)
                + " bytes long, more than flowsight.ingest.max.line.bytes (" + maxLineBytes + "); it is kept here "
                + "cut short and not parsed. Raise the limit if such lines are real.");
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
