package io.flowsight.ingest.s3;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How users write S3 locations, and the delivery days in AWS's key layouts. */
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

    @Test
    void theDeliveryDayComesFromTheDatePathOrTheHiveStylePath() {
        assertThat(S3ObjectListing.dayOf("AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/05/01/x.log.gz"))
                .contains(LocalDate.of(2024, 5, 1));
        assertThat(S3ObjectListing.dayOf("AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/"
                + "aws-region=us-east-1/year=2024/month=05/day=02/hour=10/x.log.gz")).contains(LocalDate.of(2024, 5, 2));
        assertThat(S3ObjectListing.dayOf("exports/flows.log.gz")).isEqualTo(Optional.empty());
        assertThat(S3ObjectListing.dayOf("a/2024/13/45/x.log")).as("not a date").isEmpty();
    }
}
