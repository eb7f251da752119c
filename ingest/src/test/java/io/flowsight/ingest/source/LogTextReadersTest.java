package io.flowsight.ingest.source;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogTextReadersTest {
    static final String FIRST = "{\n  \"awslogs\": {\n    \"data\": \"H4sI\"\n  }\n}";
    static final String SECOND = "{\n  \"message\": \"a } and a \\\" and a ]\",\n  \"list\": [1, {\"x\": []}]\n}";
    /** Two pretty-printed documents with a blank line between them, as `cat a.json b.json` gives. */
    static final String TWO_DOCUMENTS = FIRST + "\n\n" + SECOND + "\n";

    static LineReader open(String text, long startOffset, long startLine, int maxBytes) throws IOException {
        return LogTextReaders.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), startOffset,
                startLine, maxBytes);
    }

    /** Each entry as "line N, bytes A-B, json|line: text". */
    static List<String> entries(LineReader reader) throws IOException {
        List<String> entries = new ArrayList<>();
        String entry;
        while ((entry = reader.next()) != null) {
            entries.add("line " + reader.lineNumber() + ", bytes " + reader.lineStart() + "-" + reader.offset() + ", "
                    + (reader.jsonValue() ? "json" : "line") + (reader.lineTooLong() ? " cut" : "") + ": " + entry);
        }
        return entries;
    }

    @Test
    void prettyPrintedDocumentsAreReadAsWholeValuesStartingOnTheirFirstLine() throws Exception {
        LineReader reader = open(TWO_DOCUMENTS, 0, 0, 1024);
        assertThat(entries(reader)).containsExactly(
                "line 1, bytes 0-41, json: " + FIRST,
                "line 7, bytes 43-108, json: " + SECOND);
        assertThat(reader.offset()).isEqualTo(TWO_DOCUMENTS.length());
        assertThat(reader.linesRead()).as("every line of the text").isEqualTo(10);
    }

    @Test
    void readingResumedBetweenTwoValuesReadsTheRestOnceWithTheSameLineNumbers() throws Exception {
        LineReader first = open(TWO_DOCUMENTS, 0, 0, 1024);
        first.next();
        long offset = first.offset();
        long lines = first.linesRead();

        LineReader resumed = open(TWO_DOCUMENTS.substring((int) offset), offset, lines, 1024);

        assertThat(entries(resumed)).containsExactly("line 7, bytes 43-108, json: " + SECOND);
        assertThat(resumed.linesRead()).isEqualTo(10);
    }

    @Test
    void valuesOnOneLineEachStayLinesSoThatABrokenOneBreaksNothingElse() throws Exception {
        String ndjson = "{\"message\": \"a\"}\n{\"message\": \"broken\n{\"message\": \"c\"}\n";
        assertThat(entries(open(ndjson, 0, 0, 1024))).containsExactly(
                "line 1, bytes 0-17, line: {\"message\": \"a\"}",
                "line 2, bytes 17-37, line: {\"message\": \"broken",
                "line 3, bytes 37-54, line: {\"message\": \"c\"}");
    }

    @Test
    void plainLogLinesStayLines() throws Exception {
        assertThat(entries(open("\n2 123 eni-1 - - - - - - - 1 2 - NODATA\n", 0, 0, 1024))).containsExactly(
                "line 1, bytes 0-1, line: ",
                "line 2, bytes 1-40, line: 2 123 eni-1 - - - - - - - 1 2 - NODATA");
    }

    @Test
    void aValueOverTheLimitIsCutAndFlaggedAndTheNextValueIsWhole() throws Exception {
        String big = "{\n  \"data\": \"" + "x".repeat(100) + "\"\n}";
        LineReader reader = open(big + "\n" + FIRST, 0, 0, 64);
        assertThat(reader.next()).isEqualTo(big.substring(0, 64));
        assertThat(reader.lineTooLong()).isTrue();
        assertThat(reader.lineTooLongError().getMessage()).isEqualTo("The JSON value starting on this line is 116 "
                + "bytes long, more than flowsight.ingest.max.line.bytes (64); it is kept here cut short and not "
                + "parsed. Raise the limit if such values are real.");
        assertThat(reader.next()).isEqualTo(FIRST);
        assertThat(reader.lineTooLong()).isFalse();
        assertThat(reader.lineNumber()).isEqualTo(4);
    }

    @Test
    void aValueCutOffByTheEndOfTheInputIsReturnedToBeRejectedOrWaitedForWhenFollowing() throws Exception {
        String truncated = FIRST + "\n{\n  \"awslogs\": {";
        assertThat(entries(open(truncated, 0, 0, 1024))).containsExactly(
                "line 1, bytes 0-41, json: " + FIRST,
                "line 6, bytes 42-58, json: {\n  \"awslogs\": {");

        LineReader following = open(truncated, 0, 0, 1024).stopAtIncompleteLine();
        assertThat(following.next()).isEqualTo(FIRST);
        assertThat(following.next()).isNull();
        assertThat(following.offset()).as("at the start of the unfinished value").isEqualTo(42);
        assertThat(following.linesRead()).isEqualTo(5);
    }

    @Test
    void aFailureWhileLookingAheadIsRaisedWhereReadingReachesIt() throws Exception {
        IOException bomb = new IOException("inflated too far");
        InputStream failsAfterOneLine = new InputStream() {
            private final byte[] text = "one line\n".getBytes(StandardCharsets.UTF_8);
            private int position;

            @Override
            public int read() throws IOException {
                if (position == text.length) {
                    throw bomb;
                }
                return text[position++];
            }
        };
        LineReader reader = LogTextReaders.open(failsAfterOneLine, 0, 0, 1024);
        assertThat(reader.next()).isEqualTo("one line");
        assertThatThrownBy(reader::next).isSameAs(bomb);
    }
}
