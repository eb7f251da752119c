package io.flowsight.ingest.vpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowsight.ingest.SharedSamples;
import io.flowsight.schemas.VpcFlowLog;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIf;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Elastic Beats' aws_vpcflow processor golden files (Elastic License: read in place, never copied): every
 * sample parses with its format and FlowSight's columns equal the {@code aws.vpcflow.*} values Beats asserts.
 */
@EnabledIf("io.flowsight.ingest.SharedSamples#present")
class VpcFlowLogElasticSamplesTest {

    @TestFactory
    Stream<DynamicTest> beatsProcessorGoldenFiles() {
        List<DynamicTest> tests = new ArrayList<>();
        int n = 0;
        for (JsonNode c : SharedSamples.json("elastic_beats/processor_aws_vpcflow/cases_combined.json").path("cases")) {
            tests.add(DynamicTest.dynamicTest(++n + ". " + c.path("case").asText(), () -> {
                VpcFlowLog record = new VpcFlowLogParser(VpcFlowLogFormat.parse(c.path("format").asText()),
                        () -> Instant.EPOCH).parse(c.path("input").asText()).orElseThrow();
                for (Map.Entry<String, JsonNode> field : c.path("expected").path("aws").path("vpcflow").properties()) {
                    String column = field.getKey();
                    if (column.equals("tcp_flags_array")) {
                        continue; // Beats' decoding of the bitmask; FlowSight keeps the number.
                    }
                    Object actual = record.get(column);
                    String expected = field.getValue().asText();
                    if (column.equals("start") || column.equals("end")) {
                        assertThat(Instant.ofEpochSecond((Long) actual).toString()).as(column).isEqualTo(expected);
                    } else {
                        assertThat(String.valueOf(actual)).as(column).isEqualToIgnoringCase(expected);
                    }
                }
                JsonNode source = c.path("expected").path("source");
                if (source.has("address")) {
                    assertThat(record.getSrcaddr()).isEqualTo(source.path("address").asText());
                }
                JsonNode destination = c.path("expected").path("destination");
                if (destination.has("port")) {
                    assertThat(record.getDstport()).isEqualTo(destination.path("port").asInt());
                }
            }));
        }
        assertThat(tests).hasSize(33);
        return tests.stream();
    }

    /** Beats' module test files: S3 objects with header lines, records in the header's format. */
    @TestFactory
    Stream<DynamicTest> beatsModuleFilesWithHeaders() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : List.of("accept-reject-traffic.log", "custom-nat-gateway.log", "tcp-flag-sequence.log")) {
            tests.add(DynamicTest.dynamicTest(name, () -> {
                List<String> lines = Files.readAllLines(SharedSamples.file("elastic_beats/module_vpcflow/" + name));
                VpcFlowLogParser parser = new VpcFlowLogParser(VpcFlowLogFormat.DEFAULT, () -> Instant.EPOCH);
                assertThat(parser.parse(lines.get(0))).as("header line").isEmpty();
                for (String line : lines.subList(1, lines.size())) {
                    assertThat(parser.parse(line)).as(line).isPresent();
                }
            }));
        }
        return tests.stream();
    }
}
