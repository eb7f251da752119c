package io.flowsight.ingest.alb;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowsight.ingest.AwsSamples;
import io.flowsight.schemas.AlbLogEntry;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** ALB lines nobody here wrote, with the result Vector's parse_aws_alb_log gives, field by field. */
class AlbLogSamplesTest {

    /** Vector's field names for FlowSight's columns (Vector keeps host:port pairs and lists whole). */
    private static final Map<String, String> COLUMN_FOR_VECTOR_FIELD = Map.ofEntries(
            Map.entry("timestamp", "time"), Map.entry("request_method", "request_verb"),
            Map.entry("request_protocol", "request_proto"), Map.entry("error_reason", "lambda_error_reason"),
            Map.entry("traceability_id", "conn_trace_id"));

    @TestFactory
    Stream<DynamicTest> vectorCases() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : AwsSamples.json("vrl_parse_aws_cases.json").path("alb_log")) {
            tests.add(DynamicTest.dynamicTest(c.path("id").asText(), () -> {
                AlbLogEntry entry = new AlbLogParser().parse(c.path("input").asText()).orElseThrow();
                for (Map.Entry<String, JsonNode> field : c.path("expected").properties()) {
                    assertField(entry, field.getKey(), field.getValue());
                }
                assertThat(entry.getEventTime()).isEqualTo(Instant.parse(entry.getTime()).truncatedTo(ChronoUnit.MILLIS));
                assertThat(entry.getExtraFields()).as("Vector's trailing fields are ones FlowSight knows").isNull();
            }));
        }
        assertThat(tests).hasSize(15);
        return tests.stream();
    }

    /** The example entries of AWS's ALB access-log page parse, and their request lines split as documented. */
    @TestFactory
    Stream<DynamicTest> awsDocumentationExamples() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode example : AwsSamples.json("alb_access_log_doc_examples.json").path("examples")) {
            tests.add(DynamicTest.dynamicTest(example.path("description").asText(), () -> {
                AlbLogEntry entry = new AlbLogParser().parse(example.path("joined_line").asText()).orElseThrow();
                assertThat(entry.getType()).isIn("http", "https", "h2", "ws", "wss");
                assertThat(entry.getClientIp()).isNotNull();
                assertThat(entry.getRequestVerb()).isEqualTo("GET");
                assertThat(entry.getRequestProto()).startsWith("HTTP/");
                assertThat(entry.getElbStatusCode()).isBetween(100, 599);
            }));
        }
        assertThat(tests).hasSize(7);
        return tests.stream();
    }

    private static void assertField(AlbLogEntry entry, String vectorName, JsonNode expected) {
        switch (vectorName) {
            case "client_host" -> assertHostAndPort(expected, entry.getClientIp(), entry.getClientPort());
            case "target_host" -> assertHostAndPort(expected, entry.getTargetIp(), entry.getTargetPort());
            case "target_port_list" -> assertThat(entry.getTargetPortList()).isEqualTo(joined(expected));
            case "target_status_code_list" -> assertThat(entry.getTargetStatusCodeList()).isEqualTo(joined(expected));
            case "elb_status_code" -> assertThat(entry.getElbStatusCode()).isEqualTo(
                    expected.isNull() ? null : Integer.valueOf(expected.asText()));
            default -> {
                Object actual = entry.get(COLUMN_FOR_VECTOR_FIELD.getOrDefault(vectorName, vectorName));
                if (expected.isNull()) {
                    assertThat(actual).as(vectorName).isNull();
                } else if (expected.isFloatingPointNumber()) {
                    assertThat((Double) actual).as(vectorName).isEqualTo(expected.asDouble());
                } else if (expected.isIntegralNumber()) {
                    assertThat(((Number) actual).longValue()).as(vectorName).isEqualTo(expected.asLong());
                } else {
                    assertThat(actual).as(vectorName).isEqualTo(expected.asText());
                }
            }
        }
    }

    private static void assertHostAndPort(JsonNode expected, String host, Integer port) {
        if (expected.isNull()) {
            assertThat(host).isNull();
            assertThat(port).isNull();
        } else {
            assertThat(host + ":" + port).isEqualTo(expected.asText());
        }
    }

    private static String joined(JsonNode list) {
        String joined = StreamSupport.stream(list.spliterator(), false).map(JsonNode::asText)
                .collect(Collectors.joining(" "));
        return joined.isEmpty() ? null : joined;
    }
}
