package io.flowsight.aws;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How users write S3 locations. */
class S3LocationTest {

    @Test
    void aLocationIsABucketAndAKeyPrefix() {
        assertThat(S3Location.parse("s3://my-logs/AWSLogs/123456789012/")).isEqualTo(
                new S3Location("my-logs", "AWSLogs/123456789012/"));
        assertThat(S3Location.parse("S3://my-logs")).isEqualTo(new S3Location("my-logs", ""));
        assertThat(S3Location.parse("s3://my-logs/")).hasToString("s3://my-logs/");
        assertThat(S3Location.isS3("./s3://x")).isFalse();
    }

    @Test
    void aLocationWithoutABucketIsRefusedWithTheWayToWriteIt() {
        assertThatThrownBy(() -> S3Location.parse("s3:///AWSLogs/")).hasMessage(
                "'s3:///AWSLogs/' does not name an S3 bucket: bucket names are lower case without spaces, as in "
                        + "s3://my-log-bucket/AWSLogs/.");
        assertThatThrownBy(() -> S3Location.parse("s3://My-Logs/")).hasMessageContaining("does not name an S3 bucket");
    }
}
