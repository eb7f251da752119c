package io.flowsight.ingest.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowsight.ingest.AwsSamples;
import io.flowsight.ingest.cloudtrail.CloudTrailParser;
import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;
import io.flowsight.ingest.vpc.VpcFlowLogParser;
import io.flowsight.schemas.VpcFlowLog;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogEnvelopeTest {

    @Test
    void aLambdaSubscriptionEventIsDecodedToItsLogLines() throws Exception {
        LogEnvelope.Contents contents = LogEnvelope.open(AwsSamples.json("envelopes/cloudwatch-logs-event.json"))
                .orElseThrow();
        assertThat(contents.messages()).containsExactly("[ERROR] First test message", "[ERROR] Second test message");
        assertThat(contents.logGroup()).isEqualTo("testLogGroup");
        assertThat(contents.logStream()).isEqualTo("testLogStream");
        assertThat(contents.control()).isFalse();
    }

    @Test
    void flowLogsDeliveredThroughCloudWatchParseLikeS3Lines() throws Exception {
        LogEnvelope.Contents contents = LogEnvelope.open(AwsSamples.json("envelopes/valid_vpc_flow_cw.json")).orElseThrow();
        VpcFlowLogParser parser = new VpcFlowLogParser();
        List<VpcFlowLog> flows = new ArrayList<>();
        for (String message : contents.messages()) {
            flows.add(parser.parse(message).orElseThrow());
        }
        assertThat(flows).extracting(VpcFlowLog::getAction).containsExactly("ACCEPT", "REJECT");
        assertThat(contents.logStream()).isEqualTo(flows.get(0).getInterfaceId());
    }

    @Test
    void cloudTrailDeliveredThroughCloudWatchParses() throws Exception {
        CloudTrailParser.Document document = new CloudTrailParser().parseDocument(
                AwsSamples.json("envelopes/cloudtrail_log_cw.json").toString());
        assertThat(document.events()).hasSize(1).allSatisfy(o -> assertThat(o.parsed()).isTrue());
        assertThat(document.events().get(0).event().getEventversion()).isEqualTo("1.11");
    }

    @Test
    void aGzippedBase64EnvelopeOfAControlMessageHoldsNoLines() throws Exception {
        String control = "{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\","
                + "\"logStream\":\"\",\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"\",\"timestamp\":1,"
                + "\"message\":\"CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.\"}]}";
        LogEnvelope.Contents contents = LogEnvelope.open("{\"awslogs\":{\"data\":\"" + gzipBase64(control) + "\"}}")
                .orElseThrow();
        assertThat(contents.control()).isTrue();
        assertThat(contents.messages()).isEmpty();
    }

    @Test
    void theMessageWrapperOfFirehoseAndShippersIsOpened() throws Exception {
        assertThat(LogEnvelope.open("{\"message\":\"2 123456789010 eni-1 - - - - - - - 1 2 - NODATA\"}").orElseThrow()
                .messages()).containsExactly("2 123456789010 eni-1 - - - - - - - 1 2 - NODATA");
    }

    @Test
    void plainLinesAndCloudTrailEventsAreNotEnvelopes() throws Exception {
        assertThat(LogEnvelope.open("2 123456789010 eni-1 - - - - - - - 1 2 - NODATA")).isEmpty();
        assertThat(LogEnvelope.open("{\"eventTime\":\"2020-01-01T00:00:00Z\",\"message\":\"x\"}")).isEmpty();
    }

    @Test
    void aCorruptPayloadIsRejectedWithTheReason() {
        assertThatThrownBy(() -> LogEnvelope.open("{\"awslogs\":{\"data\":\"bm90IGd6aXA=\"}}"))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED))
                .hasMessageStartingWith("awslogs.data is not gzip-compressed");
    }

    /** Vector's subscription-message cases: the valid ones open, the invalid ones are not envelopes. */
    @TestFactory
    Stream<DynamicTest> vectorCases() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : AwsSamples.json("vrl_parse_aws_cases.json").path("cloudwatch_subscription")) {
            tests.add(DynamicTest.dynamicTest(c.path("id").asText(), () -> {
                if (c.has("expected_error")) {
                    assertThat(LogEnvelope.open(c.path("input").asText())).isEmpty();
                } else {
                    LogEnvelope.Contents contents = LogEnvelope.open(c.path("input").asText()).orElseThrow();
                    assertThat(contents.messages()).isNotEmpty().allSatisfy(m -> assertThat(m).startsWith("{\"bytes\""));
                }
            }));
        }
        assertThat(tests).hasSize(4);
        return tests.stream();
    }

    private static String gzipBase64(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
