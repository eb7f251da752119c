package io.flowsight.app;

import io.flowsight.app.demo.DemoDataGenerator;
import io.flowsight.app.runtime.LocalRuntime;
import io.flowsight.app.runtime.RunSummary;
import io.flowsight.aws.AwsClientConfig;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.testsupport.S3Endpoint;
import io.flowsight.testsupport.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flowsight run --input s3://…}: demo logs uploaded to S3 (S3Proxy) under AWS's names reach the lake like local
 * files do, each object's type told by its name.
 */
@ExtendWith(S3ProxyExtension.class)
class RunFromS3IT {
    @TempDir
    Path work;

    @Test
    void demoLogsInABucketLandInTheLakeOnce(S3Endpoint s3) throws Exception {
        Path demo = work.resolve("demo");
        Files.createDirectories(demo);
        DemoDataGenerator.Labels labels = new DemoDataGenerator(demo, Instant.parse("2026-11-22T10:00:00Z"), DemoDataGenerator.MINIMUM_MINUTES, 5,
                100).generate();
        String bucket = "run-" + UUID.randomUUID();
        try (S3Client client = new AwsClientConfig(s3.flowSightSettings()).newS3Client();
             Stream<Path> files = Files.walk(demo)) {
            client.createBucket(request -> request.bucket(bucket));
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                client.putObject(request -> request.bucket(bucket).key(demo.relativize(file).toString()), file);
            }
        }
        Map<String, Object> overrides = new HashMap<>(s3.flowSightSettings());
        LocalRuntime.Settings settings = new LocalRuntime.Settings(List.of("s3://" + bucket + "/AWSLogs/"),
                Optional.empty(), VpcFlowLogFormat.DEFAULT, null, false, work.resolve("lake"), work.resolve("data"), 2,
                "127.0.0.1", 0, Optional.empty(), overrides, Optional.empty(), false);

        RunSummary summary;
        try (LocalRuntime runtime = LocalRuntime.start(settings)) {
            summary = runtime.finishWhenIdle(Duration.ofSeconds(2));
        }

        assertThat(summary.recordsIngested()).isEqualTo(labels.records().values().stream().mapToLong(n -> n).sum());
        assertThat(summary.lakeRows()).containsEntry("vpc_flow_logs", labels.records().get("vpc"));
        try (LocalRuntime again = LocalRuntime.start(settings)) {
            assertThat(again.finishWhenIdle(Duration.ofSeconds(2)).recordsIngested()).as("every object done")
                    .isZero();
        }
    }
}
