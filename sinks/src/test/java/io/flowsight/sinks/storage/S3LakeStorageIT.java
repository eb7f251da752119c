package io.flowsight.sinks.storage;

import io.flowsight.aws.AwsClientConfig;
import io.flowsight.aws.S3Location;
import io.flowsight.testsupport.S3Endpoint;
import io.flowsight.testsupport.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Lake files published to S3 (S3Proxy): whole objects by PUT or in parts, and the leftovers recovery finds. */
@ExtendWith(S3ProxyExtension.class)
class S3LakeStorageIT {
    static final String FILE = "vpc_flow_logs/dt=2026-11-22/hour=10/flowsight.raw.vpcflow+0+0.zstd.parquet";

    @TempDir
    Path staging;
    S3Client s3;
    String bucket;
    S3LakeStorage storage;

    @BeforeEach
    void bucket(S3Endpoint endpoint) {
        s3 = new AwsClientConfig(endpoint.flowSightSettings()).newS3Client();
        bucket = "lake-" + UUID.randomUUID();
        s3.createBucket(request -> request.bucket(bucket));
        storage = new S3LakeStorage(new AwsClientConfig(endpoint.flowSightSettings()).newS3Client(),
                S3Location.parse("s3://" + bucket + "/lake"), staging, S3LakeStorage.MIN_PART_BYTES);
    }

    @AfterEach
    void close() {
        storage.close();
        s3.close();
    }

    @Test
    void aSmallFileIsOnePutAndALargeOneIsUploadedInPartsBothWholeAndTheStagedCopyGone() throws Exception {
        byte[] small = random(1000);
        byte[] large = random((int) (2.5 * S3LakeStorage.MIN_PART_BYTES));
        String largeFile = FILE.replace("+0+0.", "+0+700.");

        publish(FILE, small);
        publish(largeFile, large);

        assertThat(storage.location()).isEqualTo("s3://" + bucket + "/lake/");
        assertThat(object("lake/" + FILE).asByteArray()).isEqualTo(small);
        ResponseBytes<GetObjectResponse> uploaded = object("lake/" + largeFile);
        assertThat(uploaded.asByteArray()).isEqualTo(large);
        assertThat(uploaded.response().eTag()).as("a multipart ETag names its part count").endsWith("-3\"");
        assertThat(storage.list("vpc_flow_logs")).containsExactlyInAnyOrder(FILE, largeFile);
        try (var staged = Files.walk(staging)) {
            assertThat(staged.filter(Files::isRegularFile)).as("staged copies removed once uploaded").isEmpty();
        }
    }

    @Test
    void recoveryFindsUnfinishedUploadsAndStagedFilesAndDeletesThem() throws Exception {
        publish(FILE, random(100));
        String unfinished = FILE.replace("+0+0.", "+0+900.");
        s3.createMultipartUpload(request -> request.bucket(bucket).key("lake/" + unfinished));
        String staged = "vpc_flow_logs/dt=2026-11-22/hour=10/.flowsight.raw.vpcflow+0+950.zstd.parquet.tmp";
        Files.createDirectories(storage.localPath(staged).getParent());
        Files.writeString(storage.localPath(staged), "half written");

        assertThat(storage.list("vpc_flow_logs")).containsExactlyInAnyOrder(FILE, unfinished, staged);
        storage.delete(unfinished);
        storage.delete(staged);

        assertThat(storage.list("vpc_flow_logs")).containsExactly(FILE);
        assertThat(s3.listMultipartUploads(request -> request.bucket(bucket)).uploads()).isEmpty();
    }

    private void publish(String relativePath, byte[] content) throws Exception {
        Path local = storage.localPath(relativePath);
        Files.createDirectories(local.getParent());
        Files.write(local, content);
        storage.publish(local, relativePath);
        assertThat(local).doesNotExist();
    }

    private ResponseBytes<GetObjectResponse> object(String key) {
        return s3.getObjectAsBytes(request -> request.bucket(bucket).key(key));
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }
}
