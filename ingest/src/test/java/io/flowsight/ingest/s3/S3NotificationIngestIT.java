package io.flowsight.ingest.s3;

import io.flowsight.aws.AwsClientConfig;
import io.flowsight.ingest.kafka.IngestConfig;
import io.flowsight.ingest.kafka.IngestMetrics;
import io.flowsight.ingest.kafka.IngestProgress;
import io.flowsight.ingest.kafka.TransactionalIngester;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.schemas.AlbLogEntry;
import io.flowsight.schemas.DeadLetter;
import io.flowsight.schemas.VpcFlowLog;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.S3EventNotification;
import io.flowsight.testsupport.S3Endpoint;
import io.flowsight.testsupport.S3ProxyExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.flowsight.testsupport.SqsEndpoint;
import io.flowsight.testsupport.SqsServerExtension;
import io.flowsight.testsupport.TopicRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.flowsight.ingest.s3.S3PrefixIngestIT.HEADER;
import static io.flowsight.ingest.s3.S3PrefixIngestIT.flow;
import static io.flowsight.ingest.s3.S3PrefixIngestIT.gzip;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An SQS queue of S3 notifications (ElasticMQ) announcing objects in a bucket (S3Proxy), ingested into a real broker:
 * plain, SNS-wrapped and EventBridge notifications, a duplicate, a test event, a removal, a body that is no
 * notification and an object that is gone.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class, S3ProxyExtension.class,
        SqsServerExtension.class})
class S3NotificationIngestIT {
    static final String FLOWS = "AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/05/01/"
            + "123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d_20240501T0005Z_1f2e3d4c.log.gz";
    static final String ALB = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2024/05/01/"
            + "123456789012_elasticloadbalancing_us-east-1_app.my-lb.50dc6c495c0c9188_20240501T0005Z_10.0.0.1_ab.log.gz";
    static final String EXPORT = "exports/flows part 1.log"; // no AWS name: the content tells the type
    static final String ALB_LINE = "http 2024-05-01T00:04:00.186641Z app/my-lb/50dc6c495c0c9188 192.168.131.39:2817 "
            + "10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" "
            + "\"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-targets/"
            + "73e2d6bc24d8a067 \"Root=1-58337364-23a8c76965a2ef7629b185e3\" \"-\" \"-\" 0 2024-05-01T00:03:58.364000Z "
            + "\"forward\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\"";

    S3Client s3;
    SqsClient sqs;
    String bucket;
    String queueUrl;

    @BeforeEach
    void bucketAndQueue(S3Endpoint s3Endpoint, SqsEndpoint sqsEndpoint) {
        Map<String, String> settings = new HashMap<>(s3Endpoint.flowSightSettings());
        settings.putAll(sqsEndpoint.flowSightSettings());
        AwsClientConfig aws = new AwsClientConfig(settings);
        s3 = aws.newS3Client();
        sqs = aws.newSqsClient();
        bucket = "notified-" + UUID.randomUUID();
        s3.createBucket(request -> request.bucket(bucket));
        // A short visibility timeout, so that a failed message comes back within the test.
        queueUrl = sqs.createQueue(request -> request.queueName("logs-" + UUID.randomUUID())
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"))).queueUrl();
    }

    @AfterEach
    void close() {
        s3.close();
        sqs.close();
    }

    @Test
    void everyAnnouncedObjectLandsOnceAndEveryOtherMessageIsAccountedFor(KafkaCluster kafka,
            SchemaRegistryUrl registry) throws Exception {
        String flowsTag = put(FLOWS, gzip(HEADER, flow("10.0.1.1", 1714521600), flow("10.0.1.2", 1714521601)));
        String albTag = put(ALB, gzip(ALB_LINE));
        String exportTag = put(EXPORT, (HEADER + "\n" + flow("10.0.2.1", 1714521602) + "\n").getBytes());
        String plain = s3Event(FLOWS.replace("/", "%2F"), flowsTag);
        send(plain);
        send(plain); // S3 delivers at least once
        send("{\"Type\":\"Notification\",\"MessageId\":\"d1c2\",\"TopicArn\":\"arn:aws:sns:us-east-1:123456789012:logs\","
                + "\"Message\":" + jsonString(s3Event(ALB, albTag)) + "}");
        send("{\"version\":\"0\",\"detail-type\":\"Object Created\",\"source\":\"aws.s3\",\"region\":\"us-east-1\","
                + "\"time\":\"2024-05-01T00:05:31Z\","
                + "\"detail\":{\"bucket\":{\"name\":\"" + bucket + "\"},\"object\":{\"key\":\"exports/flows+part+1.log\","
                + "\"size\":120,\"etag\":\"" + exportTag + "\"},\"reason\":\"PutObject\"}}");
        send("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"" + bucket + "\"}");
        send(s3Event(FLOWS, flowsTag).replace("ObjectCreated:Put", "ObjectRemoved:Delete"));
        send("this is not a notification");
        send(s3Event("AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/05/01/gone_vpcflowlogs_.log.gz",
                "0123456789abcdef0123456789abcdef"));

        String prefix = "sqs-" + UUID.randomUUID() + ".";
        S3NotificationIngest.Summary summary = consume(kafka, registry, prefix);

        assertThat(summary.messages()).containsExactlyInAnyOrderEntriesOf(Map.of(
                NotificationOutcome.INGESTED, 4L, NotificationOutcome.TEST_EVENT, 1L, NotificationOutcome.IGNORED, 1L,
                NotificationOutcome.RETRIED, 1L, NotificationOutcome.DEAD_LETTERED, 2L));
        assertThat(summary.ingest().filesAlreadyDone()).as("the duplicate").isEqualTo(1);
        assertThat(sqs.receiveMessage(request -> request.queueUrl(queueUrl).waitTimeSeconds(2)).messages())
                .as("every message deleted").isEmpty();
        List<ConsumerRecord<String, VpcFlowLog>> flows = TopicRecords.readCommitted(kafka, registry,
                prefix + "raw.vpcflow", VpcFlowLog.class, 3, Duration.ofSeconds(30));
        assertThat(flows).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("10.0.1.1", "10.0.1.2", "10.0.2.1");
        List<ConsumerRecord<String, AlbLogEntry>> requests = TopicRecords.readCommitted(kafka, registry,
                prefix + "raw.alb", AlbLogEntry.class, 1, Duration.ofSeconds(30));
        assertThat(requests).extracting(ConsumerRecord::key).containsExactly("192.168.131.39");
        List<ConsumerRecord<String, DeadLetter>> letters = TopicRecords.readCommitted(kafka, registry,
                prefix + "deadletter", DeadLetter.class, 2, Duration.ofSeconds(30));
        assertThat(letters).extracting(letter -> letter.value().getReason()).containsExactlyInAnyOrder(
                "bad_notification", "unreadable_object");
        assertThat(letters).filteredOn(letter -> letter.value().getReason().equals("unreadable_object"))
                .singleElement().satisfies(letter -> {
                    assertThat(letter.value().getSource()).isEqualTo("s3://" + bucket
                            + "/AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/05/01/gone_vpcflowlogs_.log.gz");
                    assertThat(letter.value().getError()).contains("not found (NoSuchKey)")
                            .endsWith("(failed on each of 2 receives)");
                });

        send(plain);
        S3NotificationIngest.Summary replay = consume(kafka, registry, prefix);
        assertThat(replay.messages()).isEqualTo(Map.of(NotificationOutcome.INGESTED, 1L));
        assertThat(replay.ingest().records()).as("a replayed notification after a restart").isZero();
    }

    private S3NotificationIngest.Summary consume(KafkaCluster kafka, SchemaRegistryUrl registry, String prefix)
            throws Exception {
        IngestConfig config = new IngestConfig(Map.of(
                IngestConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                IngestConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(),
                IngestConfig.TOPIC_PREFIX_CONFIG, prefix,
                IngestConfig.TRANSACTIONAL_ID_CONFIG, prefix + "ingest"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (TransactionalIngester ingester = new TransactionalIngester(config, new IngestMetrics(meters),
                IngestProgress.NONE, Clock.systemUTC())) {
            S3NotificationIngest notifications = new S3NotificationIngest(sqs, s3, ingester,
                    new S3NotificationIngest.Settings(queueUrl, Optional.empty(), VpcFlowLogFormat.DEFAULT, 2,
                            Duration.ofSeconds(1)), meters, Clock.systemUTC());
            S3NotificationIngest.Summary summary = notifications.run(() -> false, Optional.of(Duration.ofSeconds(4)));
            assertThat(meters.get("flowsight.ingest.notifications").tag("outcome", "test_event").counter().count())
                    .isEqualTo(summary.count(NotificationOutcome.TEST_EVENT));
            return summary;
        }
    }

    private String s3Event(String encodedKey, String eTag) {
        return S3EventNotification.objectCreated(bucket, encodedKey, eTag, 100);
    }

    private static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private String put(String key, byte[] content) {
        return s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(content)).eTag()
                .replace("\"", "");
    }

    private void send(String body) {
        sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body));
    }
}
