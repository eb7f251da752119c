package io.flowsight.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class LogTypeDetectionTest {

    @ParameterizedTest
    @CsvSource({
            "123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz, VPC",
            "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz, CLOUDTRAIL",
            "111122223333_CloudTrail-Digest_us-east-2_trail_us-east-2_20150801T0210Z.json.gz, CLOUDTRAIL",
            "123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.1234567890abcdef_20140215T2340Z_172.160.001.192_20sg8hgm.log.gz, ALB",
            "conn_log.123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.1234567890abcdef_20220215T2340Z_172.160.001.192_20sg8hgm.log.gz, ALB_CONNECTIONS",
    })
    void awsObjectNamesTellTheType(String name, LogType expected) {
        assertThat(LogTypeDetection.fromObjectName(name)).contains(expected);
    }

    @Test
    void otherNamesTellNothing() {
        assertThat(LogTypeDetection.fromObjectName("flows.log.gz")).isEmpty();
    }

    @Test
    void realSamplesAreRecognisedByTheirFirstLine() throws IOException {
        assertThat(detect("aws-samples/otel/alb_al_valid_logs.log")).contains(LogType.ALB);
        assertThat(detect("aws-samples/otel/valid_vpc_flow_log_ecs.log")).contains(LogType.VPC);
        assertThat(detect("aws-samples/otel/cloudtrail_log_cw.json")).contains(LogType.CLOUDTRAIL);
        assertThat(detect("aws-samples/cloudtrail/cloudtrail_user_guide_examples.json")).contains(LogType.CLOUDTRAIL);
    }

    @Test
    void defaultFormatFlowsWithoutHeaderAndGzippedContent() throws IOException {
        String flow = "\n2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 "
                + "1418530010 1418530070 ACCEPT OK\n";
        assertThat(LogTypeDetection.fromContent(gzip(flow))).contains(LogType.VPC);
        assertThat(LogTypeDetection.fromContent(text("2 unknown eni-1 - - - - - - - 1418530010 1418530070 - NODATA")))
                .contains(LogType.VPC);
    }

    @Test
    void connectionLogsStartWithTheirTimestampAndClient() throws IOException {
        assertThat(LogTypeDetection.fromContent(text("2023-01-30T18:31:15.162812Z 203.0.113.9 34962 443 TLSv1.2 "
                + "ECDHE-RSA-AES128-GCM-SHA256 4 - - - - - - - Success - conn-trace")))
                .contains(LogType.ALB_CONNECTIONS);
    }

    @Test
    void unknownContentAndEmptyFilesTellNothing() throws IOException {
        assertThat(LogTypeDetection.fromContent(text("hello world, this is not a log"))).isEmpty();
        assertThat(LogTypeDetection.fromContent(text(""))).isEmpty();
    }

    @Test
    void theNameWinsOverTheContent() throws IOException {
        assertThat(LogTypeDetection.detect("x_elasticloadbalancing_y.log", text("{}"))).contains(LogType.ALB);
        assertThat(LogTypeDetection.detect("events.json", text("{\"Records\":[]}"))).contains(LogType.CLOUDTRAIL);
    }

    private Optional<LogType> detect(String resource) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return LogTypeDetection.fromContent(in);
        }
    }

    private static InputStream text(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }

    private static InputStream gzip(String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
