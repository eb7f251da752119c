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
 *
 * <p>{@linkplain #readingJsonValues() Reading JSON values} (for pretty-printed JSON, see {@link LogTextReaders}), an
 * entry that starts with {@code {} or {@code [} is read whole to its closing bracket, over as many lines as it spans,
 * under the same limit; blank space between entries is skipped. {@link #lineNumber()} is then the line the value
 * starts on and {@link #linesRead()} the lines read up to {@link #offset()}.
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
    /** Newlines read before {@link #offset}, plus a last line without one once it was returned. */
    private long linesRead;
    private long lineNumber;
    private boolean stopAtIncompleteLine;
    private boolean readingJsonValues;
    private boolean lineTooLong;
    private boolean jsonValue;

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
        this.linesRead = startLine;
        this.lineNumber = startLine;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * For files still being written: a last line without its newline (or a JSON value without its closing bracket)
     * is not returned (it may be half written), and {@link #offset()} stays at its start, so the next read picks it up
     * whole.
     */
    public LineReader stopAtIncompleteLine() {
        this.stopAtIncompleteLine = true;
        return this;
    }

    /** Reads an entry that starts with {@code {} or {@code [} as one JSON value, whatever lines it spans. */
    public LineReader readingJsonValues() {
        this.readingJsonValues = true;
        return this;
    }

    /**
     * The next line without its line terminator, or (reading JSON values) the next JSON value; cut to the limit;
     * null at the end.
     */
    public String next() throws IOException {
        lineTooLong = false;
        jsonValue = false;
        if (readingJsonValues) {
            skipBlankSpace();
        }
        lineStart = offset;
        long linesBefore = linesRead;
        if (!fill()) {
            return null;
        }
        JsonValueBoundary value = readingJsonValues && JsonValueBoundary.opens(buffer[bufferPosition])
                ? new JsonValueBoundary() : null;
        jsonValue = value != null;
        int length = 0;
        boolean ended = false;
        while (!ended && fill()) {
            byte b = buffer[bufferPosition++];
            offset++;
            if (b == '\n') {
                linesRead++;
                if (value == null) {
                    break;
                }
            }
            ended = value != null && value.closedBy(b);
            if (length == maxLineBytes) {
                lineTooLong = true;
                continue;
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, (int) Math.min(maxLineBytes, length * 2L));
            }
            line[length++] = b;
        }
        boolean atEnd = bufferLength == 0;
        if (atEnd && !ended && stopAtIncompleteLine) {
            offset = lineStart;
            linesRead = linesBefore;
            return null;
        }
        if (atEnd && value == null) {
            linesRead++;
        }
        lineNumber = linesBefore + 1;
        if (value == null && length > 0 && line[length - 1] == '\r' && !lineTooLong) {
            length--;
        }
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    /** Skips spaces, tabs and line ends before a JSON value: JSON allows them anywhere between values. */
    private void skipBlankSpace() throws IOException {
        while (fill()) {
            byte b = buffer[bufferPosition];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return;
            }
            bufferPosition++;
            offset++;
            if (b == '\n') {
                linesRead++;
            }
        }
    }

    /** Whether a byte is buffered, reading more if none is; false (and an empty buffer) at the end of the input. */
    private boolean fill() throws IOException {
        if (bufferPosition < bufferLength) {
            return true;
        }
        bufferLength = Math.max(in.read(buffer), 0);
        bufferPosition = 0;
        return bufferLength > 0;
    }

    /** Whether the line {@link #next()} returned last was longer than the limit, and so was cut. */
    public boolean lineTooLong() {
        return lineTooLong;
    }

    /** Whether what {@link #next()} returned last is a JSON value read whole (see {@link #readingJsonValues()}). */
    public boolean jsonValue() {
        return jsonValue;
    }

    /** Why the line {@link #next()} returned last, if {@link #lineTooLong()}, is refused. */
    public ParseException lineTooLongError() {
        return new ParseException(RejectReason.LINE_TOO_LONG, (jsonValue ? "The JSON value starting on this line is "
                : "The line is ") + (offset - lineStart) + " bytes long, more than flowsight.ingest.max.line.bytes ("
                + maxLineBytes + "); it is kept here cut short and not parsed. Raise the limit if such "
                + (jsonValue ? "values" : "lines") + " are real.");
    }

    /** Byte offset of the start of the line (or JSON value) {@link #next()} returned last. */
    public long lineStart() {
        return lineStart;
    }

    /** Byte offset just after the line {@link #next()} returned last (its newline included), or after the value. */
    public long offset() {
        return offset;
    }

    /** 1-based number of the line {@link #next()} returned last, or of the line its JSON value starts on. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Lines read up to {@link #offset()}: what a position stores beside the offset, to resume line numbers there. */
    public long linesRead() {
        return linesRead;
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
