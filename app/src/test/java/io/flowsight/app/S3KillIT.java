package io.flowsight.app;

import io.flowsight.aws.AwsClientConfig;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flowsight ingest s3://…}, {@code ingest --sqs-queue} and {@code flowsight sink --lake s3://…} as processes
 * killed with SIGKILL at random points, then run again to the end: every record is in the raw topic once, and in the
 * lake on S3 once.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class, S3ProxyExtension.class,
        SqsServerExtension.class})
class S3KillIT {
    static final int OBJECTS = 3;
    static final int LINES = 40_000;
    static final String DAYS = "AWSLogs/123456789010/vpcflowlogs/us-east-1/2026/11/22/";

    @TempDir
    Path work;

    @Test
    void killedIngestAndSinkOnS3LoseAndDuplicateNothing(KafkaCluster kafka, SchemaRegistryUrl registry, S3Endpoint s3)
            throws Exception {
        String bucket = "kill-" + UUID.randomUUID();
        try (S3Client client = new AwsClientConfig(s3.flowSightSettings()).newS3Client()) {
            client.createBucket(request -> request.bucket(bucket));
            for (int o = 0; o < OBJECTS; o++) {
                String key = DAYS + "123456789010_vpcflowlogs_us-east-1_fl-0" + o + "_20261122T1200Z_k.log.gz";
                client.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(flows(o)));
            }
        }
        String prefix = "kill-" + UUID.randomUUID() + ".";
        Path config = work.resolve("flowsight.properties");
        Files.writeString(config, "bootstrap.servers=" + kafka.bootstrapServers() + "\nschema.registry.url="
                + registry.url() + "\nflowsight.topic.prefix=" + prefix + "\nflowsight.ingest.transaction.max.records=2000\n"
                + "flowsight.ingest.transactional.id=" + prefix + "ingest\nflowsight.sink.group.id=" + prefix + "sink\n"
                + "flowsight.sink.roll.max.records=7000\nflowsight.sink.staging.dir=" + work.resolve("staging") + "\n"
                // A killed sink leaves the group after this long, so the next run gets its partitions soon.
                + "session.timeout.ms=6000\nheartbeat.interval.ms=1500\n"
                + s3.flowSightSettings().entrySet().stream().map(setting -> setting.getKey() + "=" + setting.getValue())
                .collect(Collectors.joining("\n")));
        Random random = new Random();
        int expected = OBJECTS * LINES;

        List<String> ingest = List.of(launcher(), "ingest", "--type", "vpc", "--config", config.toString(),
                "s3://" + bucket + "/AWSLogs/");
        killAtRandomPoints(ingest, random, "ingest", 1000, 3000);
        assertThat(runToEnd(ingest, "ingest-final")).containsPattern("\\d+ records and 0 dead letters");
        assertEveryFlowOnce(kafka, registry, prefix + "raw.vpcflow", expected);

        List<String> sink = List.of(launcher(), "sink", "--config", config.toString(), "--lake",
                "s3://" + bucket + "/lake", "--tables", "vpc_flow_logs", "--until-idle", "PT3S");
        killAtRandomPoints(sink, random, "sink", 3000, 8000);
        String sinkOutput = runToEnd(sink, "sink-final");
        assertThat(sinkOutput).contains("records written to the lake at s3://" + bucket + "/lake");
        assertThat(lake(s3, bucket, "SELECT count(*), count(DISTINCT interface_id || '/' || srcport) FROM flows"))
                .as("the lake after the sink's last run, which printed:%n%s", sinkOutput)
                .isEqualTo(expected + " " + expected);
    }

    @Test
    void aKilledNotificationConsumerLosesAndDuplicatesNothing(KafkaCluster kafka, SchemaRegistryUrl registry,
                                                             S3Endpoint s3, SqsEndpoint sqs) throws Exception {
        String bucket = "queue-" + UUID.randomUUID();
        Map<String, String> aws = new HashMap<>(s3.flowSightSettings());
        aws.putAll(sqs.flowSightSettings());
        String queueUrl;
        try (S3Client s3Client = new AwsClientConfig(aws).newS3Client();
             SqsClient sqsClient = new AwsClientConfig(aws).newSqsClient()) {
            s3Client.createBucket(request -> request.bucket(bucket));
            // A killed consumer's messages come back after this visibility timeout.
            queueUrl = sqsClient.createQueue(request -> request.queueName("kill-" + UUID.randomUUID())
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "2"))).queueUrl();
            for (int o = 0; o < OBJECTS; o++) {
                String key = DAYS + "123456789010_vpcflowlogs_us-east-1_fl-0" + o + "_20261122T1200Z_q.log.gz";
                String eTag = s3Client.putObject(request -> request.bucket(bucket).key(key),
                        RequestBody.fromBytes(flows(o))).eTag().replace("\"", "");
                String notification = S3EventNotification.objectCreated(bucket, key, eTag, 1);
                sqsClient.sendMessage(request -> request.queueUrl(queueUrl).messageBody(notification));
            }
        }
        String prefix = "killq-" + UUID.randomUUID() + ".";
        Path config = work.resolve("queue.properties");
        Files.writeString(config, "bootstrap.servers=" + kafka.bootstrapServers() + "\nschema.registry.url="
                + registry.url() + "\nflowsight.topic.prefix=" + prefix + "\nflowsight.ingest.transaction.max.records=2000\n"
                + "flowsight.ingest.transactional.id=" + prefix + "ingest\n" + aws.entrySet().stream()
                .map(setting -> setting.getKey() + "=" + setting.getValue()).collect(Collectors.joining("\n")));
        List<String> consume = List.of(launcher(), "ingest", "--config", config.toString(), "--sqs-queue", queueUrl,
                "--until-idle", "PT5S");

        killAtRandomPoints(consume, new Random(), "queue", 1000, 3000);
        runToEnd(consume, "queue-final");

        int expected = OBJECTS * LINES;
        assertEveryFlowOnce(kafka, registry, prefix + "raw.vpcflow", expected);
        try (SqsClient sqsClient = new AwsClientConfig(aws).newSqsClient()) {
            assertThat(sqsClient.receiveMessage(request -> request.queueUrl(queueUrl).waitTimeSeconds(3)).messages())
                    .as("every message deleted once its object was in").isEmpty();
        }
    }

    /** The topic holds {@code expected} flows, each (interface, source port) once. */
    private static void assertEveryFlowOnce(KafkaCluster kafka, SchemaRegistryUrl registry, String topic,
                                            int expected) {
        List<ConsumerRecord<String, VpcFlowLog>> records = TopicRecords.readCommitted(kafka, registry, topic,
                VpcFlowLog.class, expected, Duration.ofSeconds(60));
        Set<String> distinct = new HashSet<>();
        records.forEach(record -> distinct.add(record.value().getInterfaceId() + "/" + record.value().getSrcport()));
        assertThat(records).hasSize(expected);
        assertThat(distinct).hasSize(expected);
    }

    /** Runs {@code command} three times, each killed with SIGKILL after a random time in the range given. */
    private void killAtRandomPoints(List<String> command, Random random, String name, int fromMillis, int spanMillis)
            throws Exception {
        for (int run = 1; run <= 3; run++) {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve(name + "-" + run + ".log").toFile()).start();
            long after = fromMillis + random.nextInt(spanMillis);
            if (!process.waitFor(after, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    private String runToEnd(List<String> command, String name) throws Exception {
        Path log = work.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** Two numbers from {@code sql} over the lake's flows, downloaded from S3 as DuckDB cannot reach it here. */
    private String lake(S3Endpoint s3, String bucket, String sql) throws Exception {
        Path copy = Files.createTempDirectory(work, "lake");
        try (S3Client client = new AwsClientConfig(s3.flowSightSettings()).newS3Client()) {
            for (S3Object object : client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix("lake/"))
                    .contents()) {
                Path local = copy.resolve(object.key());
                Files.createDirectories(local.getParent());
                client.getObject(request -> request.bucket(bucket).key(object.key()), local);
            }
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement()) {
            statement.execute("CREATE VIEW flows AS SELECT * FROM read_parquet('" + copy.resolve("lake/vpc_flow_logs")
                    + "/**/*.parquet', hive_partitioning = true, union_by_name = true)");
            try (ResultSet result = statement.executeQuery(sql)) {
                result.next();
                return result.getLong(1) + " " + result.getLong(2);
            }
        }
    }

    private static byte[] flows(int object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(new GZIPOutputStream(bytes), false, StandardCharsets.UTF_8)) {
            out.print("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end "
                    + "action log-status\n");
            for (int i = 1; i <= LINES; i++) {
                long start = 1763812800L + (i % 7200);
                out.print("2 123456789010 eni-" + object + " 10.0." + object + "." + (i % 250) + " 172.31.0.1 " + i
                        + " 443 6 10 " + (1000 + i) + " " + start + " " + (start + 60) + " ACCEPT OK\n");
            }
        }
        return bytes.toByteArray();
    }

    private static String launcher() {
        return Path.of("..", "bin", "flowsight").toAbsolutePath().normalize().toString();
    }
}
