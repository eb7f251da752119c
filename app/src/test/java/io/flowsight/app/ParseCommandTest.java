package io.flowsight.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static io.flowsight.app.FlowSightCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

class ParseCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The "accepted and rejected traffic" example of AWS's flow-log page, as an S3 object with its header. */
    static final String S3_OBJECT = """
            version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
            2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK
            2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK
            this is not a flow record
            2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA
            """;

    @TempDir
    Path directory;

    @Test
    void gzippedFlowLogsBecomePlainJsonLinesAndBadLinesAreReported() throws Exception {
        Path file = directory.resolve("123456789010_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(S3_OBJECT.getBytes(StandardCharsets.UTF_8));
        }

        FlowSightCliTest.Run run = run("parse", "--type", "vpc", file.toString());

        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(3);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.path("srcaddr").asText()).isEqualTo("172.31.16.139");
        assertThat(first.path("srcport").isInt()).isTrue();
        assertThat(first.path("bytes").asLong()).isEqualTo(4249);
        assertThat(first.path("vpc_id").isNull()).isTrue();
        assertThat(first.path("event_time").asText()).isEqualTo("2014-12-14T04:06:50Z");
        assertThat(JSON.readTree(lines.get(1)).path("action").asText()).isEqualTo("REJECT");
        assertThat(JSON.readTree(lines.get(2)).path("srcaddr").isNull()).isTrue();
        assertThat(run.err()).contains(file + " line 4: field_count: The line has 6 values but the format has 14");
        assertThat(run.err().lines().reduce((a, b) -> b)).contains("3 parsed, 1 rejected");
    }

    @Test
    void aGzipBombIsCutOffAndReportedAfterTheLinesBeforeIt() throws Exception {
        Path bomb = directory.resolve("bomb.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb), 64 * 1024)) {
            out.write(S3_OBJECT.lines().limit(2).map(line -> line + "\n").reduce("", String::concat)
                    .getBytes(StandardCharsets.UTF_8));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 96; i++) {
                out.write(zeros);
            }
        }

        FlowSightCliTest.Run run = run("parse", "--type", "vpc", bomb.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        assertThat(run.err()).containsPattern(bomb + ": decompression_bomb: \\d+ compressed bytes inflated to \\d+ "
                + "\\(more than 100 times\\), which no log file does; the rest of it is not read\\.");
        assertThat(run.err().lines().reduce((a, b) -> b)).contains("1 parsed, 1 rejected");
    }

    /**
     * Two CloudWatch Logs events as Lambda receives them, pretty-printed (as AWS's samples and Lambda's test console
     * show them) one after the other, and a broken third: each is read as one JSON value, not as five lines.
     */
    @Test
    void prettyPrintedLambdaEventsAreReadAsWholeEvents() throws Exception {
        List<String> flows = S3_OBJECT.lines().skip(1).toList();
        String broken = "{\n  \"awslogs\": {\n    \"data\": \"not base64!\"\n  }\n}\n";
        Path file = Files.writeString(directory.resolve("lambda-events.json"), lambdaEvent(flows.subList(0, 2))
                + "\n" + lambdaEvent(flows.subList(2, 4)) + "\n" + broken);

        FlowSightCliTest.Run run = run("parse", "--type", "vpc", file.toString());

        assertThat(run.exitCode()).isZero();
        List<String> sources = new java.util.ArrayList<>();
        for (String line : run.out().lines().toList()) {
            sources.add(JSON.readTree(line).path("srcaddr").asText());
        }
        assertThat(sources).containsExactly("172.31.16.139", "172.31.9.69", "null");
        assertThat(run.err().lines()).containsExactly(
                file + " line 6: field_count: The line has 6 values but the format has 14 fields (version "
                        + "account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end "
                        + "action log-status); no value for dstport. Give the log's format with --format or a header "
                        + "line.",
                file + " line 11: malformed: awslogs.data is not base64: Illegal base64 character 20.",
                "3 parsed, 2 rejected");
    }

    /** {"awslogs": {"data": …}} over five lines, its data the base64 of the gzipped subscription message. */
    static String lambdaEvent(List<String> lines) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode message = JSON.createObjectNode()
                .put("messageType", "DATA_MESSAGE").put("owner", "123456789010").put("logGroup", "flows")
                .put("logStream", "eni-1235b8ca123456789");
        com.fasterxml.jackson.databind.node.ArrayNode events = message.putArray("logEvents");
        for (String line : lines) {
            events.addObject().put("id", Integer.toString(events.size())).put("timestamp", 1418530070000L)
                    .put("message", line);
        }
        java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(JSON.writeValueAsBytes(message));
        }
        return "{\n  \"awslogs\": {\n    \"data\": \""
                + java.util.Base64.getEncoder().encodeToString(gzipped.toByteArray()) + "\"\n  }\n}";
    }

    @Test
    void strictFailsWhenALineWasRejected() throws Exception {
        Path file = Files.writeString(directory.resolve("flows.log"), S3_OBJECT);
        assertThat(run("parse", "--type", "vpc", "--strict", file.toString()).exitCode()).isEqualTo(3);
    }

    @Test
    void theConsoleFormatSyntaxReadsCustomFormatLines() throws Exception {
        Path file = Files.writeString(directory.resolve("custom.log"),
                "- eni-1235b8ca123456789 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5\n");
        FlowSightCliTest.Run run = run("parse", "--type", "vpc", "--format",
                "${instance-id} ${interface-id} ${srcaddr} ${dstaddr} ${pkt-srcaddr} ${pkt-dstaddr}", file.toString());
        assertThat(run.exitCode()).isZero();
        JsonNode record = JSON.readTree(run.out().lines().findFirst().orElseThrow());
        assertThat(record.path("pkt_dstaddr").asText()).isEqualTo("203.0.113.5");
        assertThat(record.path("instance_id").isNull()).isTrue();
    }

    @Test
    void anUnknownFormatFieldIsOneSentence() {
        FlowSightCliTest.Run run = run("parse", "--type", "vpc", "--format", "version src-addr");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("flowsight parse: Unknown flow-log field 'src-addr'");
    }

    @Test
    void albLinesParse() throws Exception {
        Path file = Files.writeString(directory.resolve("alb.log"), "h2 2018-07-02T22:23:00.186641Z "
                + "app/my-loadbalancer/50dc6c495c0c9188 10.0.1.252:48160 10.0.0.66:9000 0.000 0.002 0.000 200 200 5 257 "
                + "\"GET https://10.0.2.105:773/ HTTP/2.0\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 "
                + "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "
                + "\"Root=1-58337327-72bd00b0343d75b906739c42\" \"-\" \"-\" 1 2018-07-02T22:22:48.364000Z "
                + "\"redirect\" \"https://example.com:80/\" \"-\" \"10.0.0.66:9000\" \"200\" \"-\" \"-\"\n");
        FlowSightCliTest.Run run = run("parse", "--type", "alb", file.toString());
        JsonNode record = JSON.readTree(run.out().lines().findFirst().orElseThrow());
        assertThat(record.path("client_ip").asText()).isEqualTo("10.0.1.252");
        assertThat(record.path("request_processing_time").isDouble()).isTrue();
        assertThat(record.path("redirect_url").asText()).isEqualTo("https://example.com:80/");
        assertThat(record.path("event_time").asText()).isEqualTo("2018-07-02T22:23:00.186Z");
    }

    @Test
    void cloudTrailLogFilesPrintOneEventPerLine() throws Exception {
        Path file = directory.resolve("111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("""
                    {"Records":[
                     {"eventVersion":"1.08","eventTime":"2015-08-01T02:05:00Z","eventName":"ConsoleLogin",
                      "sourceIPAddress":"203.0.113.7","userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root"},
                      "responseElements":{"ConsoleLogin":"Failure"}},
                     {"eventName":"NoTime"}
                    ]}""".getBytes(StandardCharsets.UTF_8));
        }
        FlowSightCliTest.Run run = run("parse", "--type", "cloudtrail", file.toString());
        assertThat(run.exitCode()).isZero();
        JsonNode event = JSON.readTree(run.out().lines().findFirst().orElseThrow());
        assertThat(event.path("sourceipaddress").asText()).isEqualTo("203.0.113.7");
        assertThat(event.path("useridentity").path("type").asText()).isEqualTo("Root");
        assertThat(event.path("responseelements").asText()).isEqualTo("{\"ConsoleLogin\":\"Failure\"}");
        assertThat(run.err()).contains(file + " event 2: missing_field: The event has no eventTime")
                .contains("1 parsed, 1 rejected");
    }

    @Test
    void aMissingFileIsOneSentence() {
        FlowSightCliTest.Run run = run("parse", "--type", "alb", directory.resolve("nope.log").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("flowsight parse: " + directory.resolve("nope.log") + ": no such file");
    }
}
