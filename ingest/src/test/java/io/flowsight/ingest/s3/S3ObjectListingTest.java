package io.flowsight.ingest.s3;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivery days in AWS's key layouts (the listing itself is tested against S3Proxy in S3PrefixIngestIT). */
class S3ObjectListingTest {

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
