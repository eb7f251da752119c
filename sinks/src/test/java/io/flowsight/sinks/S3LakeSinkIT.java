package io.flowsight.sinks;

import io.flowsight.aws.AwsClientConfig;
import io.flowsight.testsupport.KafkaCluster;
import io.flowsight.testsupport.KafkaClusterExtension;
import io.flowsight.testsupport.S3Endpoint;
import io.flowsight.testsupport.S3ProxyExtension;
import io.flowsight.testsupport.SchemaRegistryExtension;
import io.flowsight.testsupport.SchemaRegistryUrl;
import io.flowsight.testsupport.TopicLeaders;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink writing its lake to S3 (S3Proxy): read back through the S3 API, DuckDB finds every record once, and what a
 * crash leaves on S3 — an object beyond the committed offset, an unfinished multipart upload — is gone after the next
 * start.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class, S3ProxyExtension.class})
class S3LakeSinkIT {
    @TempDir
    Path work;

    @Test
    void flowsLandOnceOnS3AndLeftoversOfACrashAreRemoved(KafkaCluster kafka, SchemaRegistryUrl registry,
                                                         S3Endpoint endpoint) throws Exception {
        String prefix = "s3sink-" + UUID.randomUUID() + ".";
        String flowsTopic = prefix + "raw.vpcflow";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(flowsTopic, 2, (short) 1),
                    new NewTopic(prefix + "deadletter", 1, (short) 1))).all().get();
            TopicLeaders.await(admin, List.of(flowsTopic, prefix + "deadletter"), Duration.ofSeconds(30));
        }
        LakeSinkIT.produce(kafka, registry, flowsTopic, prefix + "deadletter");
        String bucket = "lake-" + UUID.randomUUID();
        Map<String, Object> settings = new HashMap<>(endpoint.flowSightSettings());
        settings.put(SinkConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(SinkConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
        settings.put(SinkConfig.LAKE_DIR_CONFIG, "s3://" + bucket + "/lake");
        settings.put(SinkConfig.STAGING_DIR_CONFIG, work.resolve("staging").toString());
        settings.put(SinkConfig.TOPIC_PREFIX_CONFIG, prefix);
        settings.put(SinkConfig.TABLES_CONFIG, "vpc_flow_logs,dead_letters");
        settings.put(SinkConfig.GROUP_ID_CONFIG, prefix + "sink");
        settings.put(SinkConfig.ROLL_MAX_RECORDS_CONFIG, "700");
        try (S3Client s3 = new AwsClientConfig(endpoint.flowSightSettings()).newS3Client()) {
            s3.createBucket(request -> request.bucket(bucket));
            try (LakeSink sink = new LakeSink(new SinkConfig(settings), Clock.systemUTC())) {
                assertThat(sink.runUntilIdle(Duration.ofSeconds(3))).isEqualTo(LakeSinkIT.FLOWS + 1);
            }
            assertThat(flows(s3, bucket, "SELECT count(*), count(DISTINCT srcport), sum(bytes) FROM flows"))
                    .isEqualTo(LakeSinkIT.FLOWS + " " + LakeSinkIT.FLOWS + " " + LakeSinkIT.sumOfBytes());
            assertThat(flows(s3, bucket, "SELECT count(*), 0, 0 FROM flows WHERE dt = '2026-11-22' AND hour = 11"))
                    .isEqualTo("1667 0 0");
            try (Stream<Path> staged = Files.walk(work.resolve("staging"))) {
                assertThat(staged.filter(Files::isRegularFile)).as("every staged file uploaded and removed").isEmpty();
            }

            // What a crash between uploading and committing offsets leaves on S3.
            String someFile = keys(s3, bucket).stream().filter(key -> key.contains("/vpc_flow_logs/")).findFirst()
                    .orElseThrow();
            String leftover = someFile.substring(0, someFile.lastIndexOf('/') + 1) + flowsTopic + "+0+99999.zstd.parquet";
            s3.copyObject(request -> request.sourceBucket(bucket).sourceKey(someFile).destinationBucket(bucket)
                    .destinationKey(leftover));
            s3.createMultipartUpload(request -> request.bucket(bucket).key(leftover.replace("99999", "99998")));
            assertThat(flows(s3, bucket, "SELECT count(*), 0, 0 FROM flows")).as("the leftover duplicates records")
                    .isNotEqualTo(LakeSinkIT.FLOWS + " 0 0");

            try (LakeSink sink = new LakeSink(new SinkConfig(settings), Clock.systemUTC())) {
                assertThat(sink.runUntilIdle(Duration.ofSeconds(2))).as("nothing new to write").isZero();
            }
            assertThat(keys(s3, bucket)).doesNotContain(leftover);
            assertThat(s3.listMultipartUploads(request -> request.bucket(bucket)).uploads()).isEmpty();
            assertThat(flows(s3, bucket, "SELECT count(*), 0, 0 FROM flows")).isEqualTo(LakeSinkIT.FLOWS + " 0 0");
        }
    }

    private static List<String> keys(S3Client s3, String bucket) {
        return s3.listObjectsV2Paginator(request -> request.bucket(bucket)).contents().stream().map(S3Object::key)
                .toList();
    }

    /** Runs {@code sql} (three columns) over the flows table, downloaded from S3 as DuckDB cannot reach it here. */
    private String flows(S3Client s3, String bucket, String sql) throws Exception {
        Path copy = Files.createTempDirectory(work, "download");
        for (String key : keys(s3, bucket)) {
            Path local = copy.resolve(key);
            Files.createDirectories(local.getParent());
            s3.getObject(request -> request.bucket(bucket).key(key), local);
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement()) {
            statement.execute("CREATE VIEW flows AS SELECT * FROM read_parquet('" + copy.resolve("lake/vpc_flow_logs")
                    + "/**/*.parquet', hive_partitioning = true, union_by_name = true)");
            try (ResultSet result = statement.executeQuery(sql)) {
                result.next();
                return result.getLong(1) + " " + result.getLong(2) + " " + result.getLong(3);
            }
        }
    }
}
