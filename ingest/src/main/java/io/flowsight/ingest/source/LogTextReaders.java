package io.flowsight.ingest.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

/**
 * Opens a line-oriented log the way its text is laid out. Most logs are lines (flow logs, ALB logs, NDJSON, one
 * envelope a line) and are read as lines, so that one broken line breaks nothing else. A log whose first value is JSON
 * spread over several lines (a pretty-printed CloudWatch Logs event as Lambda receives it, several such documents
 * one after another) is read as JSON values instead: line by line, it would be one broken line per line of the
 * document.
 *
 * <p>The choice is made on the text from where reading starts, so a read resumed after a stored position (which
 * always falls between two values) chooses as the first one did. What is looked at before choosing is at most the
 * first value's first line, itself bounded by the line limit, and is handed on to the reader, not read twice.
 */
public final class LogTextReaders {
    private static final int CHUNK = 8 * 1024;

    private LogTextReaders() {
    }

    /**
     * @param in           the (already decompressed) bytes, positioned at {@code startOffset}
     * @param startOffset  the byte offset of the first byte {@code in} returns
     * @param startLine    the number of lines before {@code startOffset}
     * @param maxLineBytes the longest line, or JSON value, kept whole
     */
    public static LineReader open(InputStream in, long startOffset, long startLine, int maxLineBytes)
            throws IOException {
        Head head = new Head(maxLineBytes);
        InputStream rest = in;
        try {
            head.read(in);
        } catch (IOException e) {
            // Raised where reading reaches it (after the lines before it), as without the look ahead: a gzip bomb
            // is then dead-lettered at its line, like one found further on.
            rest = failing(e);
        }
        InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head.bytes, 0, head.length), rest);
        LineReader reader = new LineReader(whole, startOffset, startLine, maxLineBytes);
        return head.jsonOverSeveralLines ? reader.readingJsonValues() : reader;
    }

    private static InputStream failing(IOException failure) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                throw failure;
            }
        };
    }

    /** The bytes read to decide, and the decision. */
    private static final class Head {
        private final int limit;
        private byte[] bytes = new byte[CHUNK];
        private int length;
        private boolean jsonOverSeveralLines;

        Head(int limit) {
            this.limit = limit;
        }

        /**
         * Reads until the first non-blank byte shows a line (not {@code {} or {@code [}), or the JSON value it opens
         * closes on its line (a one-line value: NDJSON), or a line ends inside it (pretty-printed), or the input or the
         * limit ends first (left to the line reader, which reports a line too long or incomplete).
         */
        void read(InputStream in) throws IOException {
            int scanned = 0;
            JsonValueBoundary value = null;
            while (readMore(in)) {
                for (; scanned < length; scanned++) {
                    byte b = bytes[scanned];
                    if (value == null) {
                        if (JsonValueBoundary.opens(b)) {
                            value = new JsonValueBoundary();
                        } else if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                            return;
                        } else {
                            continue;
                        }
                    }
                    if (b == '\n') {
                        // A raw newline inside a string is not JSON: leave such text to be read as lines.
                        jsonOverSeveralLines = !value.inString();
                        return;
                    }
                    if (value.closedBy(b)) {
                        return;
                    }
                }
            }
        }

        /** Reads the next chunk; false at the end of the input or of the limit. */
        private boolean readMore(InputStream in) throws IOException {
            if (length >= limit) {
                return false;
            }
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min((long) limit + CHUNK, bytes.length * 2L));
            }
            int read = in.read(bytes, length, Math.min(CHUNK, bytes.length - length));
            if (read <= 0) {
                return false;
            }
            length += read;
            return true;
        }
    }
}
