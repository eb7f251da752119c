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
