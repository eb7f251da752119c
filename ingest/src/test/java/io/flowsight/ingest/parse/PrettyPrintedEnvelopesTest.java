package io.flowsight.ingest.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowsight.ingest.LambdaEvents;
import io.flowsight.ingest.SharedSamples;
import io.flowsight.ingest.envelope.LogEnvelope;
import io.flowsight.ingest.source.LineReader;
import io.flowsight.ingest.source.LogTextReaders;
import io.flowsight.ingest.vpc.VpcFlowLogParser;
import io.flowsight.schemas.VpcFlowLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A CloudWatch Logs event pretty-printed over several lines is one envelope, not five broken lines. */
class PrettyPrintedEnvelopesTest {
    static final String FLOW = "2 123456789012 eni-0a1b2c3d 10.0.1.5 203.0.113.9 49152 443 6 10 8400 1700000000 "
            + "1700000060 ACCEPT OK";

    /** What one pass over a text gives: records as "srcaddr:srcport", rejections as "line N reason: first line". */
    static List<String> parse(String text) throws Exception {
        List<String> outcomes = new ArrayList<>();
        LineReader reader = LogTextReaders.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 0, 0,
                LineReader.DEFAULT_MAX_LINE_BYTES);
        VpcFlowLogParser parser = new VpcFlowLogParser();
        String entry;
        while ((entry = reader.next()) != null) {
            long line = reader.lineNumber();
            EnvelopedLines.Handler handler = new EnvelopedLines.Handler() {
                @Override
                public void record(Object record) {
                    VpcFlowLog flow = (VpcFlowLog) record;
                    outcomes.add(flow.getSrcaddr() + ":" + flow.getSrcport());
                }

                @Override
                public void rejected(String text, ParseException error) {
                    outcomes.add("line " + line + " " + error.reason().code() + ": "
                            + text.lines().findFirst().orElse(""));
                }

                @Override
                public void controlMessage() {
                    outcomes.add("line " + line + " control");
                }
            };
            if (reader.jsonValue()) {
                EnvelopedLines.parseJsonValue(entry, parser, handler);
            } else {
                EnvelopedLines.parse(entry, parser, handler);
            }
        }
        return outcomes;
    }

    @Test
    void prettyPrintedEventsOneAfterAnotherGiveTheirFlowsAndABrokenOneIsBadJsonAtItsFirstLine() throws Exception {
        String text = LambdaEvents.prettyPrinted(List.of(FLOW, FLOW.replace("49152", "49153"))) + "\n"
                + "{\n  \"awslogs\": {\n    \"data\": \n  }\n}\n"
                + LambdaEvents.prettyPrinted(List.of(FLOW.replace("49152", "49154"))) + "\n";
        assertThat(parse(text)).containsExactly("10.0.1.5:49152", "10.0.1.5:49153", "line 6 bad_json: {",
                "10.0.1.5:49154");
    }

    @Test
    void theSameEventsOnOneLineEachGiveTheSameFlows() throws Exception {
        String oneLine = LambdaEvents.prettyPrinted(List.of(FLOW)).replace("\n", "") + "\n"
                + LambdaEvents.prettyPrinted(List.of(FLOW.replace("49152", "49153"))).replace("\n", "") + "\n";
        assertThat(parse(oneLine)).containsExactly("10.0.1.5:49152", "10.0.1.5:49153");
    }

    @Test
    void invalidJsonSaysWhereInTheValue() {
        assertThatThrownBy(() -> LogEnvelope.openJsonValue("{\n  \"awslogs\": {\n"))
                .isInstanceOf(ParseException.class)
                .hasMessageStartingWith("Not valid JSON (at line 3, column 1 of the value): Unexpected end-of-input");
    }

    /** AWS's own sample event (aws/aws-lambda-go, Apache-2.0), read in place from the maintainers' shared folder. */
    @Test
    @EnabledIf("io.flowsight.ingest.SharedSamples#present")
    void theLambdaSampleEventIsOneValueHoldingTheMessagesItsDecodedTwinShows() throws Exception {
        Path event = SharedSamples.file("aws_lambda_go_envelopes/cloudwatch-logs-event.json");
        JsonNode decoded = SharedSamples.json("aws_lambda_go_envelopes/cloudwatch-logs-event.decoded.json")
                .path("decoded");
        List<String> expected = new ArrayList<>();
        decoded.path("logEvents").forEach(logEvent -> expected.add(logEvent.path("message").asText()));

        try (InputStream in = Files.newInputStream(event)) {
            LineReader reader = LogTextReaders.open(in, 0, 0, LineReader.DEFAULT_MAX_LINE_BYTES);
            String value = reader.next();
            assertThat(reader.jsonValue()).isTrue();
            assertThat(reader.lineNumber()).isEqualTo(1);
            assertThat(reader.offset()).as("all but the final newline").isEqualTo(Files.size(event) - 1);
            LogEnvelope.Contents contents = LogEnvelope.openJsonValue(value).orElseThrow();
            assertThat(contents.messages()).isEqualTo(expected)
                    .containsExactly("[ERROR] First test message", "[ERROR] Second test message");
            assertThat(contents.logGroup()).isEqualTo(decoded.path("logGroup").asText()).isEqualTo("testLogGroup");
            assertThat(reader.next()).isNull();
            assertThat(reader.linesRead()).isEqualTo(5);
        }
        assertThat(parse(Files.readString(event))).as("the flow-log parser rejects two messages, not five lines")
                .containsExactly("line 1 field_count: [ERROR] First test message",
                        "line 1 field_count: [ERROR] Second test message");
    }
}
