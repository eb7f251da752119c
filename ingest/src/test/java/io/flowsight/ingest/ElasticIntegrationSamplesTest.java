package io.flowsight.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowsight.ingest.alb.AlbConnectionLogParser;
import io.flowsight.ingest.alb.AlbLogParser;
import io.flowsight.ingest.cloudtrail.CloudTrailParser;
import io.flowsight.ingest.envelope.LogEnvelope;
import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.ingest.vpc.VpcFlowLogParser;
import io.flowsight.schemas.AlbLogEntry;
import io.flowsight.schemas.VpcFlowLog;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Elastic's AWS integration pipeline tests (Elastic License 2.0: read in place from the shared samples, never
 * copied), checked by the fields their expected documents assert.
 */
@EnabledIf("io.flowsight.ingest.SharedSamples#present")
class ElasticIntegrationSamplesTest {
    /**
     * The order of every flow-log field through v8, which Elastic's pipeline assumes for files without a header,
     * taking as many fields as a line has. FlowSight needs the format said; these tests say it the same way.
     */
    static final String ALL_FIELDS_THROUGH_V8 = "version account-id interface-id srcaddr dstaddr srcport dstport "
            + "protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type "
            + "pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service "
            + "pkt-dst-aws-service flow-direction traffic-path ecs-cluster-arn ecs-cluster-name "
            + "ecs-container-instance-arn ecs-container-instance-id ecs-container-id ecs-second-container-id "
            + "ecs-service-name ecs-task-definition-arn ecs-task-arn ecs-task-id reject-reason";
    static final String TRANSIT_GATEWAY = "version resource-type account-id tgw-id tgw-attachment-id "
            + "tgw-src-vpc-account-id tgw-dst-vpc-account-id tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id "
            + "tgw-dst-subnet-id tgw-src-eni tgw-dst-eni tgw-src-az-id tgw-dst-az-id tgw-pair-attachment-id srcaddr "
            + "dstaddr srcport dstport protocol packets bytes start end log-status type packets-lost-no-route "
            + "packets-lost-blackhole packets-lost-mtu-exceeded packets-lost-ttl-expired tcp-flags region "
            + "flow-direction pkt-src-aws-service pkt-dst-aws-service";

    @TestFactory
    Stream<DynamicTest> vpcFlowLogFiles() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : List.of("test-extra-samples.log", "test-tcp-flag-sequence.log", "test-v5-all-fields.log",
                "test-v8-samples.log", "test-with-message-field.log", "test-ecs-samples.log", "test-tgw-samples.log")) {
            tests.add(DynamicTest.dynamicTest(name, () -> {
                List<VpcFlowLog> flows = new ArrayList<>();
                VpcFlowLogParser parser = null;
                for (String line : Files.readAllLines(SharedSamples.file("elastic_integrations/vpcflow/" + name))) {
                    String record = LogEnvelope.open(line).map(c -> c.messages().get(0)).orElse(line);
                    if (parser == null) {
                        parser = new VpcFlowLogParser(formatFor(name, record), () -> Instant.EPOCH);
                    }
                    parser.parse(record).ifPresent(flows::add);
                }
                assertThat(flows).isNotEmpty();
                Path expectedFile = SharedSamples.file("elastic_integrations/vpcflow/" + name + "-expected.json");
                if (Files.exists(expectedFile)) {
                    JsonNode documents = documents(SharedSamples.json("elastic_integrations/vpcflow/" + name
                            + "-expected.json"));
                    assertThat(flows).hasSize(documents.size());
                    for (int i = 0; i < flows.size(); i++) {
                        assertAsserted(flows.get(i), documents.get(i));
                    }
                }
            }));
        }
        return tests.stream();
    }

    @Test
    void albFileWithAccessNlbAndConnectionLines() throws Exception {
        List<String> lines = Files.readAllLines(SharedSamples.file("elastic_integrations/elb_logs/test-alb.log"));
        JsonNode expected = documents(SharedSamples.json("elastic_integrations/elb_logs/test-alb.log-expected.first2lines.json"));
        for (int i = 0; i < 2; i++) {
            AlbLogEntry entry = new AlbLogParser().parse(lines.get(i)).orElseThrow();
            JsonNode elb = expected.get(i).path("aws").path("elb");
            assertThat(entry.getElb()).isEqualTo(text(elb.path("name")));
            assertThat(entry.getType()).isEqualTo(text(elb.path("type")));
            assertThat(entry.getTraceId()).isEqualTo(text(elb.path("trace_id")));
            assertThat(entry.getTargetGroupArn()).isEqualTo(text(elb.path("target_group").path("arn")));
            assertThat(entry.getTargetIp()).isEqualTo(text(elb.path("backend").path("ip")));
            assertThat(entry.getTargetPort() == null ? null : String.valueOf(entry.getTargetPort()))
                    .isEqualTo(text(elb.path("backend").path("port")));
            assertThat(entry.getMatchedRulePriority()).as("Elastic keeps '-', FlowSight has null")
                    .isEqualTo(text(elb.path("matched_rule_priority")));
            assertThat(entry.getActionsExecuted().split(",")).containsExactly(
                    StreamSupportText.texts(elb.path("action_executed")));
            assertThat(entry.getClientIp()).isEqualTo(expected.get(i).path("source").path("address").asText());
        }
        for (String nlb : lines.subList(2, 6)) {
            assertThatThrownBy(() -> new AlbLogParser().parse(nlb)).as("an NLB line is not an ALB line")
                    .isInstanceOf(ParseException.class);
        }
        for (String connection : lines.subList(6, 9)) {
            assertThat(new AlbConnectionLogParser().parse(connection)).isPresent();
        }
    }

    @Test
    void cloudTrailFilesOneEventPerLine() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(SharedSamples.file("elastic_integrations/cloudtrail"))) {
            files = list.filter(f -> f.toString().endsWith(".log")).sorted().toList();
        }
        int events = 0;
        for (Path file : files) {
            CloudTrailParser.Document document = new CloudTrailParser().parseDocument(Files.readString(file));
            if (file.getFileName().toString().contains("digest")) {
                assertThat(document.digest()).as(file.toString()).isTrue();
                continue;
            }
            assertThat(document.events()).as(file.toString()).isNotEmpty()
                    .allSatisfy(o -> assertThat(o.parsed()).as(file + " #" + o.index()).isTrue());
            events += document.events().size();
            Path expectedFile = Path.of(file + "-expected.json");
            if (Files.exists(expectedFile)) {
                JsonNode expected = documents(SharedSamples.json("elastic_integrations/cloudtrail/" + expectedFile.getFileName()));
                assertThat(document.events()).hasSize(expected.size());
                for (int i = 0; i < expected.size(); i++) {
                    var event = document.events().get(i).event();
                    assertThat(event.getEventname()).isEqualTo(expected.get(i).path("event").path("action").asText());
                    assertThat(event.getUseridentity().getArn()).isEqualTo(expected.get(i).path("aws")
                            .path("cloudtrail").path("user_identity").path("arn").asText());
                }
            }
        }
        assertThat(events).isPositive();
    }

    /** What Elastic expects, as FlowSight writes it: absent or "-" is null. */
    private static String text(JsonNode value) {
        return value.isMissingNode() || value.isNull() || "-".equals(value.asText()) ? null : value.asText();
    }

    /** Elastic's expected files hold the documents as an array, or under "expected". */
    private static JsonNode documents(JsonNode expected) {
        return expected.isArray() ? expected : expected.path("expected");
    }

    private static VpcFlowLogFormat formatFor(String file, String firstRecord) throws ParseException {
        if (VpcFlowLogFormat.looksLikeHeader(List.of(firstRecord.trim().split("\\s+")))) {
            return VpcFlowLogFormat.DEFAULT;
        }
        String[] all = (file.contains("tgw") ? TRANSIT_GATEWAY : ALL_FIELDS_THROUGH_V8).split(" ");
        int count = firstRecord.trim().split("\\s+").length;
        return VpcFlowLogFormat.parse(String.join(" ", List.of(all).subList(0, count)));
    }

    /** Every scalar {@code aws.vpcflow.*} value Elastic asserts equals FlowSight's column of that name. */
    private static void assertAsserted(VpcFlowLog flow, JsonNode document) {
        for (Map.Entry<String, JsonNode> field : document.path("aws").path("vpcflow").properties()) {
            if (!field.getValue().isValueNode() || flow.getSchema().getField(field.getKey()) == null) {
                continue;
            }
            assertThat(String.valueOf(flow.get(field.getKey()))).as(field.getKey())
                    .isEqualToIgnoringCase(field.getValue().asText());
        }
        if (document.path("source").has("address")) {
            assertThat(flow.getSrcaddr()).isEqualTo(document.path("source").path("address").asText());
        }
        if (document.path("destination").has("port")) {
            assertThat(flow.getDstport()).isEqualTo(document.path("destination").path("port").asInt());
        }
    }

    /** Text values of a JSON array. */
    private static final class StreamSupportText {
        static String[] texts(JsonNode array) {
            List<String> texts = new ArrayList<>();
            array.forEach(node -> texts.add(node.asText()));
            return texts.toArray(String[]::new);
        }
    }
}
