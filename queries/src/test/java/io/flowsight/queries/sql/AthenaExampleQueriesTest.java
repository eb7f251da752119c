package io.flowsight.queries.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowsight.schemas.AlbLogEntry;
import io.flowsight.schemas.CloudTrailEvent;
import io.flowsight.schemas.CloudTrailResource;
import io.flowsight.schemas.LakeTable;
import io.flowsight.schemas.SessionAttributes;
import io.flowsight.schemas.SessionContext;
import io.flowsight.schemas.SessionIssuer;
import io.flowsight.schemas.UserIdentity;
import io.flowsight.schemas.VpcFlowLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 20 example SELECT queries of the Athena user guide's VPC flow log, ALB and CloudTrail pages (test resource
 * {@code athena/athena_example_queries_from_aws_docs.json}, see the NOTICE beside it), each run exactly as AWS prints
 * it on a small lake whose rows are below; every expected answer is worked out by hand from those rows.
 */
class AthenaExampleQueriesTest {
    @TempDir
    static Path lake;
    static LakeQueryService service;
    static JsonNode examples;

    /** Two hours before the test runs: inside the "last seven days" of query 2, whatever the day. */
    static final Instant RECENT = Instant.now().minus(2, ChronoUnit.HOURS);

    @BeforeAll
    static void writeLake() throws Exception {
        LakeFiles files = new LakeFiles(lake);
        // The day of queries 0 and 1: Monday 2020-05-04 (day_of_week 1), and the day after.
        files.write(LakeTable.VPC_FLOW_LOGS, Instant.parse("2020-05-04T10:00:00Z"), List.of(
                flow("10.0.0.1", "10.0.0.2", 443, 6, 10, "ACCEPT", "2020-05-04T10:00:00Z"),
                flow("10.0.0.3", "10.0.0.2", 22, 6, 3, "REJECT", "2020-05-04T10:01:00Z"),
                flow("10.0.0.4", "10.0.0.2", 53, 17, 1, "REJECT", "2020-05-04T10:02:00Z")));
        files.write(LakeTable.VPC_FLOW_LOGS, Instant.parse("2020-05-05T10:00:00Z"), List.of(
                flow("10.0.0.5", "10.0.0.2", 443, 6, 7, "ACCEPT", "2020-05-05T10:00:00Z")));
        // Query 2: HTTPS packets of the last seven days per destination.
        files.write(LakeTable.VPC_FLOW_LOGS, RECENT, List.of(
                flow("10.0.0.1", "10.0.9.5", 443, 6, 10, "ACCEPT", RECENT.toString()),
                flow("10.0.0.2", "10.0.9.5", 443, 6, 20, "ACCEPT", RECENT.toString()),
                flow("10.0.0.3", "10.0.9.6", 443, 6, 5, "ACCEPT", RECENT.toString()),
                flow("10.0.0.3", "10.0.9.7", 80, 6, 99, "ACCEPT", RECENT.toString())));
        // Queries 3-9 over test_table_vpclogs and its day = yyyy/MM/dd.
        files.write(LakeTable.VPC_FLOW_LOGS, Instant.parse("2021-01-15T00:00:00Z"), List.of(
                flow("10.20.0.1", "10.0.1.14", 443, 6, 4, "ACCEPT", "2021-01-15T00:00:00Z")));
        files.write(LakeTable.VPC_FLOW_LOGS, Instant.parse("2021-02-03T00:00:00Z"), List.of(
                flow("10.117.1.22", "10.0.1.14", 22, 6, 2, "REJECT", "2021-02-03T00:00:00Z")));
        files.write(LakeTable.VPC_FLOW_LOGS, Instant.parse("2021-02-10T00:00:00Z"), List.of(
                flow("10.117.9.9", "10.0.1.15", 3389, 6, 1, "REJECT", "2021-02-10T00:00:00Z")));
        files.write(LakeTable.VPC_FLOW_LOGS, Instant.parse("2021-02-28T00:00:00Z"), List.of(
                flow("10.117.1.22", "10.0.1.16", 22, 6, 8, "REJECT", "2021-02-28T00:00:00Z")));
        files.write(LakeTable.VPC_FLOW_LOGS, Instant.parse("2021-03-05T00:00:00Z"), List.of(
                flow("10.30.0.1", "10.0.3.1", 443, 6, 40, "ACCEPT", "2021-03-05T00:00:00Z"),
                flow("10.30.0.2", "10.0.3.2", 443, 6, 60, "ACCEPT", "2021-03-05T00:00:00Z"),
                flow("10.30.0.3", "10.0.3.1", 443, 6, 30, "ACCEPT", "2021-03-05T00:00:00Z")));
        files.write(LakeTable.VPC_FLOW_LOGS, Instant.parse("2021-04-01T10:00:00Z"), List.of(
                flow("10.40.0.1", "10.0.4.1", 80, 6, 1, "ACCEPT", "2021-04-01T10:00:00Z")));

        files.write(LakeTable.ALB_LOGS, Instant.parse("2018-05-30T12:05:01Z"), List.of(
                request("2018-05-30T12:05:01.000001Z", "192.0.2.1", "GET", "https://shop.example.com:443/a",
                        "Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 Version/16.1 Safari/605.1.15", 200, 100),
                request("2018-05-30T18:00:00.500000Z", "192.0.2.1", "GET", "https://shop.example.com:443/b",
                        "curl/8.0.1", 503, 200)));
        files.write(LakeTable.ALB_LOGS, Instant.parse("2018-05-31T00:00:00Z"), List.of(
                request("2018-05-31T00:00:00.000000Z", "192.0.2.2", "POST", "https://shop.example.com:443/cart",
                        "Mobile Safari/604.1", 500, 300),
                request("2018-05-31T06:00:00.000000Z", "192.0.2.2", "GET", "https://shop.example.com:443/c",
                        "curl/8.0.1", 200, 400)));
        files.write(LakeTable.ALB_LOGS, Instant.parse("2022-02-12T10:00:00Z"), List.of(
                request("2022-02-12T10:00:00.000000Z", "192.0.2.3", "GET", "https://shop.example.com:443/d",
                        "curl/8.0.1", 502, 50)));

        files.write(LakeTable.CLOUDTRAIL_EVENTS, Instant.parse("2023-01-10T10:00:00Z"), List.of(
                event("c1", "2023-01-10T10:00:00Z", "s3.amazonaws.com", "GetObject", "us-east-1",
                        assumedRole("Reader", "2023-01-10T09:00:00Z"), "aws-cli/2.9.0", null, List.of(
                                resource("arn:aws:s3:::reports/example/datafile.txt", "AWS::S3::Object"),
                                resource("arn:aws:s3:::reports", "AWS::S3::Bucket"))),
                event("c2", "2023-01-10T11:00:00Z", "s3.amazonaws.com", "DeleteBucket", "eu-west-1",
                        UserIdentity.newBuilder().setType("IAMUser").setUsername("alice").setAccountid("111122223333")
                                .setArn("arn:aws:iam::111122223333:user/alice").build(), "console.amazonaws.com", null,
                        List.of(resource("arn:aws:s3:::old-bucket", "AWS::S3::Bucket")))));
        files.write(LakeTable.CLOUDTRAIL_EVENTS, Instant.parse("2023-01-11T08:00:00Z"), List.of(
                // The guide's anonymous-request query searches for its placeholder '[your bucket name ]' as printed.
                event("c3", "2023-01-11T08:00:00Z", "s3.amazonaws.com", "GetObject", "us-east-1",
                        UserIdentity.newBuilder().setType("AWSAccount").setAccountid("anonymous").build(), "curl/8.0.1",
                        "{\"bucketName\":\"[your bucket name ]\",\"key\":\"index.html\"}", null),
                event("c4", "2023-01-11T09:00:00Z", "ec2.amazonaws.com", "DescribeInstances", "us-east-1",
                        assumedRole("Admin", "2023-01-11T08:30:00Z"), "aws-cli/2.9.0", null, null)));
        service = LakeQueryService.open(lake);
        try (InputStream in = AthenaExampleQueriesTest.class.getResourceAsStream(
                "/athena/athena_example_queries_from_aws_docs.json")) {
            examples = new ObjectMapper().readTree(in).get("queries");
        }
    }

    @AfterAll
    static void close() throws Exception {
        service.close();
    }

    @Test
    void theFileHoldsTheTwentyExamples() {
        assertThat(examples).hasSize(20);
        assertThat(service.athenaViews()).containsExactly("test_table_vpclogs", "cloudtrail_logs");
    }

    @Test
    void vpcFlowLogsByDate() throws Exception {
        assertThat(column(run(0), "srcaddr")).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.3", "10.0.0.4");
        // Presto's day_of_week is ISO: 2020-05-04 a Monday (1), 2021-02-03 and -10 Wednesdays, 2021-02-28 a Sunday.
        assertThat(strings(run(1))).containsExactlyInAnyOrder(
                List.of("1", "2020-05-04", "eni-1", "10.0.0.3", "REJECT", "6"),
                List.of("3", "2021-02-03", "eni-1", "10.117.1.22", "REJECT", "6"),
                List.of("3", "2021-02-10", "eni-1", "10.117.9.9", "REJECT", "6"),
                List.of("7", "2021-02-28", "eni-1", "10.117.1.22", "REJECT", "6"));
        assertThat(run(1).columns()).containsExactly("day", "date", "interface_id", "srcaddr", "action", "protocol");
        assertThat(strings(run(2))).containsExactly(List.of("30", "10.0.9.5"), List.of("5", "10.0.9.6"));
    }

    @Test
    void vpcFlowLogsWithPartitionProjection() throws Exception {
        // day >= '2021/02/01' AND day < '2021/02/28': the 28th is out, as in Athena.
        assertThat(column(run(3), "srcaddr")).containsExactly("10.117.1.22", "10.117.9.9");
        assertThat(column(run(3), "day")).containsExactly("2021/02/03", "2021/02/10");
        assertThat(strings(run(4))).containsExactly(List.of("70", "10.0.3.1"), List.of("60", "10.0.3.2"));
        assertThat(strings(run(5))).containsExactly(List.of("eni-1", "10.40.0.1", "ACCEPT", "6",
                "2021-04-01T10:00:00.000Z", "2021-04-01T10:01:00.000Z"));
        assertThat(column(run(6), "dstaddr")).containsExactly("10.0.1.14");
        assertThat(strings(run(7))).containsExactlyInAnyOrder(
                List.of("2021/02/03", "eni-1", "10.117.1.22", "REJECT", "6"),
                List.of("2021/02/10", "eni-1", "10.117.9.9", "REJECT", "6"));
        assertThat(column(run(8), "srcaddr")).containsExactlyInAnyOrder("10.117.1.22", "10.117.9.9", "10.117.1.22");
        assertThat(column(run(9), "srcaddr")).containsExactly("10.20.0.1");
    }

    @Test
    void albLogs() throws Exception {
        assertThat(strings(run(10))).containsExactlyInAnyOrder(List.of("2", "GET", "192.0.2.1"),
                List.of("1", "POST", "192.0.2.2"), List.of("1", "GET", "192.0.2.2"), List.of("1", "GET", "192.0.2.3"));
        assertThat(strings(run(11))).containsExactlyInAnyOrder(List.of("https://shop.example.com:443/a"),
                List.of("https://shop.example.com:443/cart"));
        assertThat(column(run(12), "time")).containsExactlyInAnyOrder("2018-05-30T18:00:00.500000Z",
                "2018-05-31T00:00:00.000000Z", "2022-02-12T10:00:00.000000Z");
        // BETWEEN takes both ends: the request at 2018-05-31T00:00:00 counts, the one at 06:00 does not.
        assertThat(strings(run(13))).containsExactlyInAnyOrder(List.of("192.0.2.1", "300"), List.of("192.0.2.2", "300"));
        assertThat(column(run(14), "client_ip")).containsExactly("192.0.2.3");
    }

    @Test
    void cloudTrailLogs() throws Exception {
        assertThat(strings(run(15))).containsExactly(
                List.of("ec2.amazonaws.com", "DescribeInstances", "2023-01-11T08:30:00Z",
                        "arn:aws:iam::111122223333:role/Admin"),
                List.of("s3.amazonaws.com", "GetObject", "2023-01-10T09:00:00Z", "arn:aws:iam::111122223333:role/Reader"));
        assertThat(strings(run(16))).containsExactly(List.of("us-east-1", "reports/example/datafile.txt", "GetObject",
                "2023-01-10T10:00:00Z", "aws-cli/2.9.0"));
        assertThat(strings(run(17))).containsExactly(List.of("eu-west-1", "old-bucket", "2023-01-10T11:00:00Z", "alice",
                "111122223333"));
        assertThat(column(run(18), "eventid")).containsExactly("c3");
        assertThat(column(run(18), "day")).as("AWS's partition columns follow the event").containsExactly("11");
        assertThat(strings(run(19))).containsExactlyInAnyOrder(
                List.of("arn:aws:sts::111122223333:assumed-role/Reader/session", "GetObject", "198.51.100.7",
                        "2023-01-10T10:00:00Z"),
                List.of("arn:aws:iam::111122223333:user/alice", "DeleteBucket", "198.51.100.7", "2023-01-10T11:00:00Z"),
                List.of("NULL", "GetObject", "198.51.100.7", "2023-01-11T08:00:00Z"),
                List.of("arn:aws:sts::111122223333:assumed-role/Admin/session", "DescribeInstances", "198.51.100.7",
                        "2023-01-11T09:00:00Z"));
    }

    @Test
    void everyExampleRunsAsPrinted() throws Exception {
        int unchanged = 0;
        for (JsonNode example : examples) {
            service.query(example.get("sql").asText());
            unchanged++;
        }
        assertThat(unchanged).isEqualTo(20);
    }

    /** Runs example {@code index} as printed in the guide. */
    private static QueryResult run(int index) throws LakeQueryException {
        return service.query(examples.get(index).get("sql").asText());
    }

    private static List<List<String>> strings(QueryResult result) {
        return result.rows().stream().map(row -> row.stream().map(cell -> cell == null ? "NULL" : String.valueOf(cell))
                .toList()).toList();
    }

    private static List<String> column(QueryResult result, String name) {
        int index = result.columns().indexOf(name);
        assertThat(index).as("column " + name + " in " + result.columns()).isNotNegative();
        List<String> values = new ArrayList<>();
        result.rows().forEach(row -> values.add(String.valueOf(row.get(index))));
        return values;
    }

    private static VpcFlowLog flow(String src, String dst, int dstport, long protocol, long packets, String action,
                                   String time) {
        Instant start = Instant.parse(time);
        return VpcFlowLog.newBuilder().setVersion(2).setAccountId("111122223333").setInterfaceId("eni-1")
                .setSrcaddr(src).setDstaddr(dst).setSrcport(40000).setDstport(dstport).setProtocol(protocol)
                .setPackets(packets).setBytes(packets * 100).setStart(start.getEpochSecond())
                .setEnd(start.getEpochSecond() + 60).setAction(action).setLogStatus("OK").setEventTime(start).build();
    }

    private static AlbLogEntry request(String time, String client, String verb, String url, String userAgent,
                                       int status, long receivedBytes) {
        return AlbLogEntry.newBuilder().setType("https").setTime(time).setElb("app/shop/50dc6c495c0c9188")
                .setClientIp(client).setClientPort(51000).setTargetIp("10.0.0.10").setTargetPort(80)
                .setElbStatusCode(status).setTargetStatusCode(String.valueOf(status)).setReceivedBytes(receivedBytes)
                .setSentBytes(1000L).setRequestVerb(verb).setRequestUrl(url).setRequestProto("HTTP/1.1")
                .setUserAgent(userAgent).setEventTime(Instant.parse(time)).build();
    }

    private static UserIdentity assumedRole(String role, String sessionCreated) {
        return UserIdentity.newBuilder().setType("AssumedRole").setAccountid("111122223333")
                .setArn("arn:aws:sts::111122223333:assumed-role/" + role + "/session")
                .setSessioncontext(SessionContext.newBuilder()
                        .setAttributes(SessionAttributes.newBuilder().setMfaauthenticated("false")
                                .setCreationdate(sessionCreated).build())
                        .setSessionissuer(SessionIssuer.newBuilder().setType("Role")
                                .setArn("arn:aws:iam::111122223333:role/" + role).setAccountid("111122223333").build())
                        .build())
                .build();
    }

    private static CloudTrailResource resource(String arn, String type) {
        return CloudTrailResource.newBuilder().setArn(arn).setAccountid("111122223333").setType(type).build();
    }

    private static CloudTrailEvent event(String id, String time, String source, String name, String region,
                                         UserIdentity identity, String userAgent, String requestParameters,
                                         List<CloudTrailResource> resources) {
        return CloudTrailEvent.newBuilder().setEventversion("1.08").setEventid(id).setEventtime(time)
                .setEventsource(source).setEventname(name).setAwsregion(region).setSourceipaddress("198.51.100.7")
                .setUseragent(userAgent).setUseridentity(identity).setRequestparameters(requestParameters)
                .setResources(resources).setRecipientaccountid("111122223333").setEventTime(Instant.parse(time))
                .build();
    }
}
