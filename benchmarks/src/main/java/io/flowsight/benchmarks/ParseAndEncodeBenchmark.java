package io.flowsight.benchmarks;

import io.flowsight.ingest.alb.AlbLogParser;
import io.flowsight.ingest.cloudtrail.CloudTrailParser;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.ingest.vpc.VpcFlowLogParser;
import io.flowsight.schemas.Topic;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.schemas.serde.AvroSerdeConfig;
import io.flowsight.schemas.serde.SpecificAvroSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Parse one log line (or CloudTrail event) into its Avro record and serialize it in the Confluent wire format
 * with FlowSight's serializer (registry answered in memory): the per-record work of ingest before the Kafka
 * producer. One thread, so the figures are per core.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
@Threads(1)
@State(Scope.Thread)
public class ParseAndEncodeBenchmark {
    private static final int LINES = 4096;
    private static final String VPC_TOPIC = Topic.RAW_VPCFLOW.topicName();
    private static final String ALB_TOPIC = Topic.RAW_ALB.topicName();
    private static final String CLOUDTRAIL_TOPIC = Topic.RAW_CLOUDTRAIL.topicName();

    private final String[] vpcLines = new String[LINES];
    private final VpcFlowLog[] parsedVpc = new VpcFlowLog[LINES];
    private final String[] albLines = new String[LINES];
    private final String[] cloudTrailEvents = new String[LINES];
    private int next;

    private VpcFlowLogParser vpcParser;
    private final AlbLogParser albParser = new AlbLogParser();
    private final CloudTrailParser cloudTrailParser = new CloudTrailParser();
    private final SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>(new FixedIdRegistry());

    @Setup
    public void makeInput() {
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://127.0.0.1:1"), false);
        Random random = new Random(42);
        Instant readTime = Instant.parse("2026-11-22T00:00:00Z");
        vpcParser = new VpcFlowLogParser(VpcFlowLogFormat.DEFAULT, () -> readTime);
        for (int i = 0; i < LINES; i++) {
            String src = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
            String dst = "172.31." + random.nextInt(256) + "." + random.nextInt(256);
            long start = 1763769600L + random.nextInt(86_400);
            vpcLines[i] = "2 123456789010 eni-1235b8ca123456789 " + src + " " + dst + " " + (1024 + random.nextInt(60_000))
                    + " " + (random.nextBoolean() ? 443 : 22) + " 6 " + (1 + random.nextInt(500)) + " "
                    + (40 + random.nextInt(1_000_000)) + " " + start + " " + (start + 60) + " "
                    + (random.nextInt(10) == 0 ? "REJECT" : "ACCEPT") + " OK";
            albLines[i] = "https 2018-07-02T22:23:00." + (100000 + random.nextInt(899999)) + "Z app/my-loadbalancer/50dc6c495c0c9188 "
                    + src + ":" + (1024 + random.nextInt(60_000)) + " 10.0.0.1:80 0.086 0.048 0.037 200 200 0 "
                    + random.nextInt(100_000) + " \"GET https://www.example.com:443/item/" + random.nextInt(10_000)
                    + "?q=1 HTTP/1.1\" \"curl/7.46.0\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 "
                    + "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "
                    + "\"Root=1-58337281-1d84f3d73c47ec4e58577259\" \"www.example.com\" "
                    + "\"arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012\" 1 "
                    + "2018-07-02T22:22:48.364000Z \"authenticate,forward\" \"-\" \"-\" \"10.0.0.1:80\" \"200\" \"-\" \"-\" "
                    + "TID_dc57cebed65b444ebc8177bb698fe166";
            cloudTrailEvents[i] = "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\","
                    + "\"principalId\":\"AROAEXAMPLE:session" + i + "\",\"arn\":\"arn:aws:sts::123456789012:assumed-role/app/session" + i
                    + "\",\"accountId\":\"123456789012\",\"accessKeyId\":\"ASIAEXAMPLE\",\"sessionContext\":{\"sessionIssuer\":"
                    + "{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLE\",\"arn\":\"arn:aws:iam::123456789012:role/app\","
                    + "\"accountId\":\"123456789012\",\"userName\":\"app\"},\"attributes\":{\"creationDate\":"
                    + "\"2024-07-31T12:00:00Z\",\"mfaAuthenticated\":\"false\"}}},\"eventTime\":\"2024-07-31T13:06:"
                    + String.format("%02d", random.nextInt(60)) + "Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\","
                    + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"" + src + "\",\"userAgent\":\"aws-sdk-java/2.25\","
                    + "\"requestParameters\":{\"bucketName\":\"data\",\"key\":\"object-" + i + "\"},\"responseElements\":null,"
                    + "\"requestID\":\"R" + i + "\",\"eventID\":\"E" + i + "\",\"readOnly\":true,\"resources\":[{\"ARN\":"
                    + "\"arn:aws:s3:::data/object-" + i + "\",\"type\":\"AWS::S3::Object\"}],\"eventType\":\"AwsApiCall\","
                    + "\"managementEvent\":false,\"recipientAccountId\":\"123456789012\",\"eventCategory\":\"Data\"}";
        }
        for (int i = 0; i < LINES; i++) {
            try {
                parsedVpc[i] = vpcParser.parse(vpcLines[i]).orElseThrow();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Benchmark
    public int vpcDefaultFormatLine() throws Exception {
        return serializer.serialize(VPC_TOPIC, vpcParser.parse(vpcLines[next++ & (LINES - 1)]).orElseThrow()).length;
    }

    /** The parse half of {@link #vpcDefaultFormatLine}, to tell where the time goes. */
    @Benchmark
    public Object vpcParseOnly() throws Exception {
        return vpcParser.parse(vpcLines[next++ & (LINES - 1)]).orElseThrow();
    }

    /** The encode half of {@link #vpcDefaultFormatLine}. */
    @Benchmark
    public int vpcEncodeOnly() throws Exception {
        return serializer.serialize(VPC_TOPIC, parsedVpc[next++ & (LINES - 1)]).length;
    }

    @Benchmark
    public int albAccessLogLine() throws Exception {
        return serializer.serialize(ALB_TOPIC, albParser.parse(albLines[next++ & (LINES - 1)]).orElseThrow()).length;
    }

    @Benchmark
    public int cloudTrailEvent() throws Exception {
        return serializer.serialize(CLOUDTRAIL_TOPIC, cloudTrailParser.parseDocument(
                cloudTrailEvents[next++ & (LINES - 1)]).events().get(0).event()).length;
    }
}
