package io.flowsight.ingest.vpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowsight.ingest.AwsSamples;
import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;
import io.flowsight.schemas.VpcFlowLog;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flow-log lines nobody here wrote, with the results independent parsers and AWS's documentation give. */
class VpcFlowLogSamplesTest {

    /** Vector's parse_aws_vpc_flow_log cases: full expected objects field by field, and lines that must parse. */
    @TestFactory
    Stream<DynamicTest> vectorCases() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : AwsSamples.json("vrl_parse_aws_cases.json").path("vpc_flow_log")) {
            tests.add(DynamicTest.dynamicTest(c.path("id").asText(), () -> {
                VpcFlowLog record = parse(c.path("format").asText(null), c.path("input").asText());
                if (c.has("expected")) {
                    for (Map.Entry<String, JsonNode> field : c.path("expected").properties()) {
                        Object actual = record.get(field.getKey());
                        JsonNode expected = field.getValue();
                        if (expected.isNull()) {
                            assertThat(actual).as(field.getKey()).isNull();
                        } else if (expected.isNumber()) {
                            assertThat(((Number) actual).longValue()).as(field.getKey()).isEqualTo(expected.asLong());
                        } else {
                            assertThat(actual).as(field.getKey()).isEqualTo(expected.asText());
                        }
                    }
                }
                assertValuesRoundTrip(c.path("format").asText(null), c.path("input").asText(), record);
            }));
        }
        assertThat(tests).hasSize(36);
        return tests.stream();
    }

    /** Every example record of AWS's "Flow log record examples" page, in the format the page states for it. */
    @TestFactory
    Stream<DynamicTest> awsDocumentationExamples() {
        List<DynamicTest> tests = new ArrayList<>();
        int n = 0;
        for (JsonNode c : AwsSamples.json("vpc_flow_log_doc_examples.json").path("cases")) {
            String name = ++n + ". " + c.path("section").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                if (c.path("line").asText().equals("...")) {
                    // The page elides records with "..."; that is not a record and must be rejected, not guessed.
                    assertThatThrownBy(() -> parse(c.path("format").asText(), "..."))
                            .isInstanceOfSatisfying(ParseException.class,
                                    e -> assertThat(e.reason()).isEqualTo(RejectReason.FIELD_COUNT));
                    return;
                }
                VpcFlowLog record = parse(c.path("format").asText(), c.path("line").asText());
                assertValuesRoundTrip(c.path("format").asText(), c.path("line").asText(), record);
            }));
        }
        assertThat(tests).hasSize(28);
        return tests.stream();
    }

    private static VpcFlowLog parse(String format, String line) throws Exception {
        VpcFlowLogFormat parsed = format == null ? VpcFlowLogFormat.DEFAULT : VpcFlowLogFormat.parse(format);
        return new VpcFlowLogParser(parsed, () -> Instant.EPOCH).parse(line).orElseThrow();
    }

    /** Each value lands in the column its format position names: '-' as null, everything else verbatim. */
    private static void assertValuesRoundTrip(String format, String line, VpcFlowLog record) throws Exception {
        VpcFlowLogFormat parsed = format == null ? VpcFlowLogFormat.DEFAULT : VpcFlowLogFormat.parse(format);
        List<String> values = VpcFlowLogLine.tokens(line);
        for (int i = 0; i < values.size(); i++) {
            VpcFlowLogField field = parsed.fields().get(i);
            Object value = record.get(field.position());
            if (values.get(i).equals("-")) {
                assertThat(value).as(field.awsName()).isNull();
            } else {
                assertThat(String.valueOf(value)).as(field.awsName()).isEqualTo(values.get(i));
            }
        }
    }
}
