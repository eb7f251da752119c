package io.flowsight.ingest.source;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineReaderTest {

    static LineReader reader(String text) {
        return new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 0, 0);
    }

    @Test
    void offsetsCountBytesAndLinesEndWithOrWithoutCarriageReturns() throws Exception {
        LineReader reader = reader("ab\r\nçé\nlast");
        assertThat(reader.next()).isEqualTo("ab");
        assertThat(reader.lineStart()).isZero();
        assertThat(reader.offset()).isEqualTo(4);
        assertThat(reader.next()).isEqualTo("çé");
        assertThat(reader.lineStart()).isEqualTo(4);
        assertThat(reader.offset()).as("two 2-byte characters and a newline").isEqualTo(9);
        assertThat(reader.next()).isEqualTo("last");
        assertThat(reader.offset()).isEqualTo(13);
        assertThat(reader.lineNumber()).isEqualTo(3);
        assertThat(reader.next()).isNull();
    }

    @Test
    void aLineOverTheLimitIsCutAndFlaggedAndTheNextLineIsWhole() throws Exception {
        LineReader reader = new LineReader(new ByteArrayInputStream("short\r\n0123456789abcdef\r\nnext\n"
                .getBytes(StandardCharsets.UTF_8)), 0, 0, 10);
        assertThat(reader.next()).isEqualTo("short");
        assertThat(reader.lineTooLong()).isFalse();
        assertThat(reader.next()).isEqualTo("0123456789");
        assertThat(reader.lineTooLong()).isTrue();
        assertThat(reader.lineStart()).isEqualTo(7);
        assertThat(reader.offset()).as("past the whole line and its terminator").isEqualTo(25);
        assertThat(reader.next()).isEqualTo("next");
        assertThat(reader.lineTooLong()).isFalse();
        assertThat(reader.lineNumber()).isEqualTo(3);
    }

    @Test
    void aLineLongerThanAnyArrayIsReadPastInConstantMemory() throws Exception {
        long length = 3L * 1024 * 1024 * 1024;
        LineReader reader = new LineReader(new NewlineFreeBytes(length, "\ntail\n"), 0, 0, 1024);
        assertThat(reader.next()).hasSize(1024).matches("x+");
        assertThat(reader.lineTooLong()).isTrue();
        assertThat(reader.offset()).isEqualTo(length + 1);
        assertThat(reader.next()).isEqualTo("tail");
        assertThat(reader.next()).isNull();
    }

    /** {@code length} bytes of 'x' (and no newline), then {@code end}, made as they are read. */
    static final class NewlineFreeBytes extends java.io.InputStream {
        private final byte[] end;
        private final long length;
        private long position;

        NewlineFreeBytes(long length, String end) {
            this.length = length;
            this.end = end.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (position >= length + end.length) {
                return -1;
            }
            if (position < length) {
                int n = (int) Math.min(count, length - position);
                java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'x');
                position += n;
                return n;
            }
            int n = (int) Math.min(count, length + end.length - position);
            System.arraycopy(end, (int) (position - length), buffer, offset, n);
            position += n;
            return n;
        }
    }

    @Test
    void aFollowedFileKeepsAHalfWrittenLastLineForLater() throws Exception {
        LineReader reader = reader("one\ntw").stopAtIncompleteLine();
        assertThat(reader.next()).isEqualTo("one");
        assertThat(reader.next()).isNull();
        assertThat(reader.offset()).isEqualTo(4);
        assertThat(reader.lineNumber()).isEqualTo(1);
    }

    @Test
    void resumingStartsCountingAtTheStoredPosition() throws Exception {
        LineReader reader = new LineReader(new ByteArrayInputStream("c\n".getBytes(StandardCharsets.UTF_8)), 100, 7);
        assertThat(reader.next()).isEqualTo("c");
        assertThat(reader.lineNumber()).isEqualTo(8);
        assertThat(reader.offset()).isEqualTo(102);
    }

    @Test
    void longLinesGrowTheBuffer() throws Exception {
        String longLine = "x".repeat(200_000);
        assertThat(reader(longLine + "\n").next()).isEqualTo(longLine);
    }

    @Test
    void skippingPastTheEndIsAnError() {
        assertThatThrownBy(() -> LineReader.skipFully(new ByteArrayInputStream(new byte[10]), 11))
                .hasMessageContaining("ended 1 bytes before the stored position 11");
    }
}
