package io.flowsight.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flowsight.ingest.alb.AlbLogParser;
import io.flowsight.ingest.cloudtrail.CloudTrailParser;
import io.flowsight.ingest.envelope.LogEnvelope;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.ingest.vpc.VpcFlowLogParser;
import io.flowsight.schemas.AlbLogEntry;
import io.flowsight.schemas.CloudTrailEvent;
import io.flowsight.schemas.VpcFlowLog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenTelemetry's awslogs encoding parses the same inputs into OTLP log records; every attribute it asserts is
 * compared here with the FlowSight column that carries the same fact. An attribute without a mapping fails the
 * test, so nothing OpenTelemetry checks goes unchecked here.
 */
class OpenTelemetrySamplesTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Map<String, String> PROTOCOL_NUMBERS = Map.of("tcp", "6", "udp", "17", "icmp", "1");

    static final Map<String, Function<VpcFlowLog, Object>> VPC = Map.ofEntries(
            Map.entry("aws.vpc.flow.log.version", VpcFlowLog::getVersion),
            Map.entry("network.interface.name", VpcFlowLog::getInterfaceId),
            Map.entry("source.address", VpcFlowLog::getSrcaddr),
            Map.entry("destination.address", VpcFlowLog::getDstaddr),
            Map.entry("source.port", VpcFlowLog::getSrcport),
            Map.entry("destination.port", VpcFlowLog::getDstport),
            Map.entry("network.protocol.name", VpcFlowLog::getProtocol),
            Map.entry("aws.vpc.flow.packets", VpcFlowLog::getPackets),
            Map.entry("aws.vpc.flow.bytes", VpcFlowLog::getBytes),
            Map.entry("aws.vpc.flow.start", VpcFlowLog::getStart),
            Map.entry("aws.vpc.flow.action", VpcFlowLog::getAction),
            Map.entry("aws.vpc.flow.status", VpcFlowLog::getLogStatus),
            Map.entry("aws.ecs.cluster.arn", VpcFlowLog::getEcsClusterArn),
            Map.entry("aws.ecs.cluster.name", VpcFlowLog::getEcsClusterName),
            Map.entry("aws.ecs.container.instance.arn", VpcFlowLog::getEcsContainerInstanceArn),
            Map.entry("aws.ecs.container.instance.id", VpcFlowLog::getEcsContainerInstanceId),
            Map.entry("aws.ecs.container.id", VpcFlowLog::getEcsContainerId),
            Map.entry("aws.ecs.second.container.id", VpcFlowLog::getEcsSecondContainerId),
            Map.entry("aws.ecs.service.name", VpcFlowLog::getEcsServiceName),
            Map.entry("aws.ecs.task.definition.arn", VpcFlowLog::getEcsTaskDefinitionArn),
            Map.entry("aws.ecs.task.arn", VpcFlowLog::getEcsTaskArn),
            Map.entry("aws.ecs.task.id", VpcFlowLog::getEcsTaskId),
            Map.entry("cloud.account.id", VpcFlowLog::getAccountId));

    static final Map<String, Function<AlbLogEntry, Object>> ALB = Map.ofEntries(
            Map.entry("client.address", AlbLogEntry::getClientIp),
            Map.entry("client.port", AlbLogEntry::getClientPort),
            Map.entry("destination.address", AlbLogEntry::getTargetIp),
            Map.entry("destination.port", AlbLogEntry::getTargetPort),
            Map.entry("http.request.method", AlbLogEntry::getRequestVerb),
            Map.entry("url.full", AlbLogEntry::getRequestUrl),
            Map.entry("network.protocol.name", AlbLogEntry::getType),
            Map.entry("network.protocol.version", e -> e.getRequestProto().split("/")[1]),
            Map.entry("aws.elb.status.code", AlbLogEntry::getElbStatusCode),
            Map.entry("aws.elb.backend.status.code", AlbLogEntry::getTargetStatusCode),
            Map.entry("http.request.size", AlbLogEntry::getReceivedBytes),
            Map.entry("http.response.size", AlbLogEntry::getSentBytes),
            Map.entry("user_agent.original", AlbLogEntry::getUserAgent),
            Map.entry("tls.cipher", AlbLogEntry::getSslCipher),
            Map.entry("tls.protocol.version", AlbLogEntry::getSslProtocol),
            Map.entry("url.domain", AlbLogEntry::getDomainName),
            Map.entry("aws.elb.chosen_cert_arn", AlbLogEntry::getChosenCertArn),
            Map.entry("aws.elb.target_group_arn", AlbLogEntry::getTargetGroupArn),
            Map.entry("aws.elb.aws_trace_id", AlbLogEntry::getTraceId),
            Map.entry("aws.elb.actions_executed", AlbLogEntry::getActionsExecuted),
            Map.entry("aws.elb.connection_trace_id", AlbLogEntry::getConnTraceId),
            Map.entry("aws.elb.request_processing_time", AlbLogEntry::getRequestProcessingTime),
            Map.entry("aws.elb.target_processing_time", AlbLogEntry::getTargetProcessingTime),
            Map.entry("aws.elb.response_processing_time", AlbLogEntry::getResponseProcessingTime));

    static final Map<String, Function<CloudTrailEvent, Object>> CLOUDTRAIL = Map.ofEntries(
            Map.entry("aws.cloudtrail.event_id", CloudTrailEvent::getEventid),
            Map.entry("aws.cloudtrail.event_version", CloudTrailEvent::getEventversion),
            Map.entry("aws.event.category", CloudTrailEvent::getEventcategory),
            Map.entry("aws.event.management", CloudTrailEvent::getManagementevent),
            Map.entry("aws.event.read_only", CloudTrailEvent::getReadonly),
            Map.entry("aws.request_id", CloudTrailEvent::getRequestid),
            Map.entry("aws.shared_event_id", CloudTrailEvent::getSharedeventid),
            Map.entry("aws.user_identity.invoked_by", e -> e.getUseridentity().getInvokedby()),
            Map.entry("aws.user_identity.principal.type", e -> e.getUseridentity().getType()),
            Map.entry("rpc.method", CloudTrailEvent::getEventname),
            Map.entry("rpc.service", CloudTrailEvent::getEventsource),
            Map.entry("rpc.system", CloudTrailEvent::getEventtype),
            Map.entry("source.address", CloudTrailEvent::getSourceipaddress),
            Map.entry("user_agent.original", CloudTrailEvent::getUseragent),
            Map.entry("cloud.region", CloudTrailEvent::getAwsregion),
            Map.entry("cloud.account.id", CloudTrailEvent::getRecipientaccountid),
            Map.entry("aws.request.parameters", CloudTrailEvent::getRequestparameters),
            Map.entry("aws.response.elements", CloudTrailEvent::getResponseelements),
            Map.entry("aws.cloudtrail.additional_event_data", CloudTrailEvent::getAdditionaleventdata),
            Map.entry("aws.resources", CloudTrailEvent::getResources));

    /** Resource attributes that describe the delivery (log group and stream), not the record. */
    static final Set<String> DELIVERY = Set.of("cloud.provider", "aws.log.group.names", "aws.log.stream.names",
            "cloud.resource_id");

    @Test
    void vpcS3FileWithEcsFields() throws Exception {
        List<String> lines = text("otel/valid_vpc_flow_log_ecs.log").lines().toList();
        VpcFlowLogParser parser = new VpcFlowLogParser(VpcFlowLogFormat.DEFAULT, () -> Instant.EPOCH);
        List<VpcFlowLog> flows = new ArrayList<>();
        for (String line : lines) {
            parser.parse(line).ifPresent(flows::add);
        }
        assertMatches(flows, expected("otel/valid_vpc_flow_log_ecs_expected.yaml"), VPC, 1);
    }

    @Test
    void vpcThroughCloudWatchLogs() throws Exception {
        assertMatches(viaCloudWatch("otel/valid_vpc_flow_cw.json", VpcFlowLogFormat.DEFAULT),
                expected("otel/valid_vpc_flow_cw_expected.yaml"), VPC, 2);
    }

    @Test
    void vpcCustomFormatThroughCloudWatchLogs() throws Exception {
        assertMatches(viaCloudWatch("otel/valid_vpc_flow_cw_custom.json",
                        VpcFlowLogFormat.parse("version interface-id srcaddr dstaddr")),
                expected("otel/valid_vpc_flow_cw_custom_expected.yaml"), VPC, 2);
    }

    @Test
    void albAccessLogs() throws Exception {
        List<AlbLogEntry> entries = new ArrayList<>();
        for (String line : text("otel/alb_al_valid_logs.log").lines().toList()) {
            new AlbLogParser().parse(line).ifPresent(entries::add);
        }
        // The expected file has a third record whose input line is not in the copied input (see the samples README).
        List<Map<String, JsonNode>> expected = expected("otel/alb_al_valid_logs_expected.yaml");
        assertMatches(entries, expected.subList(0, 2), ALB, 2);
    }

    @Test
    void cloudTrailThroughCloudWatchLogs() throws Exception {
        List<CloudTrailEvent> events = new ArrayList<>();
        for (CloudTrailParser.Outcome outcome : new CloudTrailParser().parseDocument(text("otel/cloudtrail_log_cw.json"))
                .events()) {
            events.add(outcome.event());
        }
        assertMatches(events, expected("otel/cloudtrail_log_cw_expected.yaml"), CLOUDTRAIL, 1);
    }

    private static List<VpcFlowLog> viaCloudWatch(String resource, VpcFlowLogFormat format) throws Exception {
        VpcFlowLogParser parser = new VpcFlowLogParser(format, () -> Instant.EPOCH);
        List<VpcFlowLog> flows = new ArrayList<>();
        for (String message : LogEnvelope.open(text(resource)).orElseThrow().messages()) {
            flows.add(parser.parse(message).orElseThrow());
        }
        return flows;
    }

    private static <T> void assertMatches(List<T> records, List<Map<String, JsonNode>> expected,
                                          Map<String, Function<T, Object>> columns, int count) {
        assertThat(records).hasSize(count);
        assertThat(expected).hasSize(count);
        for (int i = 0; i < count; i++) {
            T record = records.get(i);
            for (Map.Entry<String, JsonNode> attribute : expected.get(i).entrySet()) {
                String key = attribute.getKey();
                if (DELIVERY.contains(key)) {
                    continue;
                }
                assertThat(columns).as("a FlowSight column for OpenTelemetry's %s", key).containsKey(key);
                Object actual = columns.get(key).apply(record);
                assertSame(key, attribute.getValue(), actual);
            }
        }
    }

    /** Compares one OTLP attribute value with a column value, allowing for the representations' differences. */
    private static void assertSame(String key, JsonNode value, Object actual) {
        String kind = value.fieldNames().next();
        JsonNode v = value.get(kind);
        switch (kind) {
            case "stringValue" -> {
                String expected = v.asText();
                if (key.equals("network.protocol.name") && PROTOCOL_NUMBERS.containsKey(expected)) {
                    expected = PROTOCOL_NUMBERS.get(expected);
                }
                assertThat(String.valueOf(actual)).as(key).isEqualToIgnoringCase(expected);
            }
            case "intValue" -> assertThat(String.valueOf(actual)).as(key).isEqualTo(v.asText());
            case "doubleValue" -> assertThat((Double) actual).as(key).isEqualTo(Double.parseDouble(v.asText()));
            case "boolValue" -> assertThat(String.valueOf(actual)).as(key).isEqualTo(v.asText());
            case "arrayValue" -> {
                if (actual instanceof List<?> list) {
                    assertThat(list).as(key).hasSize(v.path("values").size());
                } else {
                    String joined = StreamSupport.stream(v.path("values").spliterator(), false)
                            .map(item -> item.path("stringValue").asText()).collect(Collectors.joining(","));
                    assertThat(String.valueOf(actual)).as(key).isEqualTo(joined);
                }
            }
            case "kvlistValue" -> {
                // A JSON object kept as JSON text: the same keys at the top level.
                JsonNode json;
                try {
                    json = new ObjectMapper().readTree(String.valueOf(actual));
                } catch (IOException e) {
                    throw new AssertionError(key + " is not JSON text: " + actual, e);
                }
                List<String> keys = StreamSupport.stream(v.path("values").spliterator(), false)
                        .map(item -> item.path("key").asText()).toList();
                assertThat(json.properties().stream().map(Map.Entry::getKey).toList()).as(key)
                        .containsExactlyInAnyOrderElementsOf(keys);
            }
            default -> throw new AssertionError("unexpected OTLP value kind " + kind + " for " + key);
        }
    }

    /** Each log record's attributes, with its resource's attributes added. */
    private static List<Map<String, JsonNode>> expected(String resource) throws IOException {
        JsonNode root;
        try (InputStream in = OpenTelemetrySamplesTest.class.getResourceAsStream("/aws-samples/" + resource)) {
            root = YAML.readTree(in);
        }
        List<Map<String, JsonNode>> records = new ArrayList<>();
        for (JsonNode resourceLogs : root.path("resourceLogs")) {
            Map<String, JsonNode> resourceAttributes = attributes(resourceLogs.path("resource").path("attributes"));
            for (JsonNode scope : resourceLogs.path("scopeLogs")) {
                for (JsonNode log : scope.path("logRecords")) {
                    Map<String, JsonNode> all = new LinkedHashMap<>(resourceAttributes);
                    all.putAll(attributes(log.path("attributes")));
                    records.add(all);
                }
            }
        }
        return records;
    }

    private static Map<String, JsonNode> attributes(JsonNode list) {
        Map<String, JsonNode> attributes = new LinkedHashMap<>();
        list.forEach(attribute -> attributes.put(attribute.path("key").asText(), attribute.path("value")));
        return attributes;
    }

    private static String text(String resource) throws IOException {
        try (InputStream in = OpenTelemetrySamplesTest.class.getResourceAsStream("/aws-samples/" + resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
