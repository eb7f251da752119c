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
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code flowsight parse} and {@code flowsight ingest} given s3:// locations or an SQS queue, as a user runs them. */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class, S3ProxyExtension.class,
        SqsServerExtension.class})
class S3InputCommandsIT {
    static final String DAYS = "AWSLogs/123456789012/vpcflowlogs/us-east-1/";

    @TempDir
    Path work;

    @Test
    void ingestReadsAPrefixFromADayOnAndParsePrintsAnObject(KafkaCluster kafka, SchemaRegistryUrl registry,
                                                            S3Endpoint s3) throws Exception {
        String bucket = "cli-" + UUID.randomUUID();
        try (S3Client client = new AwsClientConfig(s3.flowSightSettings()).newS3Client()) {
            client.createBucket(request -> request.bucket(bucket));
            for (int day = 1; day <= 3; day++) {
                String key = DAYS + "2024/05/0" + day + "/123456789012_vpcflowlogs_us-east-1_fl-1_2024050" + day
                        + "T0000Z_ab.log.gz";
                byte[] content = gzip("version srcaddr dstaddr action", "2 10.0.0." + day + " 10.0.1.1 REJECT");
                client.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(content));
            }
        }
        String prefix = "s3cli-" + UUID.randomUUID() + ".";
        Path config = work.resolve("flowsight.properties");
        Files.writeString(config, "bootstrap.servers=" + kafka.bootstrapServers() + "\nschema.registry.url="
                + registry.url() + "\nflowsight.topic.prefix=" + prefix + "\nflowsight.sink.group.id=" + prefix
                + "sink\nflowsight.sink.staging.dir=" + work.resolve("staging") + "\n" + s3.flowSightSettings().entrySet()
                .stream().map(setting -> setting.getKey() + "=" + setting.getValue()).collect(Collectors.joining("\n")));
        String location = "s3://" + bucket + "/" + DAYS;

        String ingest = run(Map.of(), "ingest", "--type", "vpc", "--config", config.toString(), "--since",
                "2024-05-02", location);
        String again = run(Map.of(), "ingest", "--config", config.toString(), location); // type by object name

        assertThat(ingest).startsWith("2 records and 0 dead letters from 2 files (0 already done");
        assertThat(again).as("the earlier day is new, the others done")
                .startsWith("1 records and 0 dead letters from 1 files (2 already done");
        List<ConsumerRecord<String, VpcFlowLog>> flows = TopicRecords.readCommitted(kafka, registry,
                prefix + "raw.vpcflow", VpcFlowLog.class, 3, Duration.ofSeconds(30));
        assertThat(flows).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2",
                "10.0.0.3");
        assertThat(run(Map.of(), "sink", "--config", config.toString(), "--lake", "s3://" + bucket + "/lake",
                "--tables", "vpc_flow_logs", "--until-idle", "PT3S"))
                .isEqualTo("3 records written to the lake at s3://" + bucket + "/lake\n");

        Map<String, String> environment = Map.of("FLOWSIGHT_SET_S3_ENDPOINT", s3.uri().toString(),
                "FLOWSIGHT_SET_S3_PATH___STYLE___ACCESS", "true", "AWS_REGION", s3.region(),
                "AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey());
        String parsed = run(environment, "parse", "--type", "vpc", location + "2024/05/03/");
        assertThat(parsed.lines()).as("the one record of the day").singleElement().satisfies(line -> assertThat(line)
                .startsWith("{\"version\":2,\"account_id\":null,\"interface_id\":null,\"srcaddr\":\"10.0.0.3\","
                        + "\"dstaddr\":\"10.0.1.1\",").contains(",\"action\":\"REJECT\","));
    }

    @Test
    void ingestConsumesAQueueOfNotificationsUntilIdle(KafkaCluster kafka, SchemaRegistryUrl registry, S3Endpoint s3,
                                                      SqsEndpoint sqs) throws Exception {
        String bucket = "queued-" + UUID.randomUUID();
        String key = DAYS + "2024/05/01/123456789012_vpcflowlogs_us-east-1_fl-1_20240501T0000Z_cd.log.gz";
        Map<String, String> aws = new HashMap<>(s3.flowSightSettings());
        aws.putAll(sqs.flowSightSettings());
        String queueUrl;
        try (S3Client s3Client = new AwsClientConfig(aws).newS3Client();
             SqsClient sqsClient = new AwsClientConfig(aws).newSqsClient()) {
            s3Client.createBucket(request -> request.bucket(bucket));
            String eTag = s3Client.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(
                    gzip("version srcaddr dstaddr action", "2 10.0.0.7 10.0.1.1 REJECT"))).eTag().replace("\"", "");
            queueUrl = sqsClient.createQueue(request -> request.queueName("cli-" + UUID.randomUUID())).queueUrl();
            String notification = S3EventNotification.objectCreated(bucket, key, eTag, 60);
            sqsClient.sendMessage(request -> request.queueUrl(queueUrl).messageBody(notification));
            sqsClient.sendMessage(request -> request.queueUrl(queueUrl).messageBody(notification));
        }
        String prefix = "sqscli-" + UUID.randomUUID() + ".";
        Path config = work.resolve("flowsight.properties");
        Files.writeString(config, "bootstrap.servers=" + kafka.bootstrapServers() + "\nschema.registry.url="
                + registry.url() + "\nflowsight.topic.prefix=" + prefix + "\n" + aws.entrySet().stream()
                .map(setting -> setting.getKey() + "=" + setting.getValue()).collect(Collectors.joining("\n")));

        String output = run(Map.of(), "ingest", "--config", config.toString(), "--sqs-queue", queueUrl,
                "--until-idle", "PT3S");

        assertThat(output).isEqualTo("2 messages: 2 ingested, 0 test events, 0 other events, 0 dead-lettered, "
                + "0 left to retry; 1 records and 0 dead letters from 1 objects (1 already done, 0 control messages "
                + "or digests skipped)\n");
        assertThat(TopicRecords.readCommitted(kafka, registry, prefix + "raw.vpcflow", VpcFlowLog.class, 1,
                Duration.ofSeconds(30))).extracting(ConsumerRecord::key).containsExactly("10.0.0.7");
    }

    private String run(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of("..", "bin", "flowsight").toAbsolutePath().normalize().toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(work.resolve(arguments[0] + ".err").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s%n%s", output, Files.readString(work.resolve(arguments[0] + ".err")))
                .isZero();
        return output;
    }

    private static byte[] gzip(String... lines) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
