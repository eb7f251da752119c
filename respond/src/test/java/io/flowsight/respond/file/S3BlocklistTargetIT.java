package io.flowsight.respond.file;

import io.flowsight.aws.AwsClientConfig;
import io.flowsight.aws.S3Location;
import io.flowsight.testsupport.S3Endpoint;
import io.flowsight.testsupport.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The blocklist as an S3 object (S3Proxy), e.g. the threat list GuardDuty reads from a bucket. Failsafe names the
 * server's jar; a unit-test run that selects this class by pattern skips it.
 */
@ExtendWith(S3ProxyExtension.class)
@EnabledIfSystemProperty(named = S3ProxyExtension.JAR_PROPERTY, matches = ".+",
        disabledReason = "needs S3Proxy's jar, which the integration-test phase provides")
class S3BlocklistTargetIT {
    S3Client s3;
    String bucket;

    @BeforeEach
    void bucket(S3Endpoint endpoint) {
        s3 = new AwsClientConfig(endpoint.flowSightSettings()).newS3Client();
        bucket = "blocklist-" + UUID.randomUUID();
        s3.createBucket(request -> request.bucket(bucket));
    }

    @AfterEach
    void close() {
        s3.close();
    }

    @Test
    void theObjectHoldsExactlyTheFileAndIsReplacedWhole() throws IOException {
        S3BlocklistTarget target = new S3BlocklistTarget(s3,
                S3Location.parse("s3://" + bucket + "/guardduty/threats.txt"), BlocklistFileFormat.GUARDDUTY_TXT);

        target.apply(SampleEntries.current());
        ResponseBytes<GetObjectResponse> first = object("guardduty/threats.txt");
        target.apply(SampleEntries.current().subList(2, 4));
        ResponseBytes<GetObjectResponse> second = object("guardduty/threats.txt");
        target.apply(List.of());

        assertThat(first.asString(StandardCharsets.UTF_8))
                .isEqualTo("198.51.100.23\n203.0.113.0/24\n2001:db8::66\n2001:db8:bad::/64\n");
        assertThat(first.response().contentType()).isEqualToIgnoringWhitespace("text/plain; charset=utf-8");
        assertThat(second.asString(StandardCharsets.UTF_8)).isEqualTo("2001:db8::66\n2001:db8:bad::/64\n");
        assertThat(object("guardduty/threats.txt").asByteArray()).isEmpty();
        assertThat(target.name()).isEqualTo("GuardDuty threat list s3://" + bucket + "/guardduty/threats.txt");
    }

    @Test
    void theCsvIsACsvObject() throws IOException {
        new S3BlocklistTarget(s3, S3Location.parse("s3://" + bucket + "/blocklist.csv"), BlocklistFileFormat.CSV)
                .apply(SampleEntries.current().subList(0, 1));

        ResponseBytes<GetObjectResponse> csv = object("blocklist.csv");
        assertThat(csv.asString(StandardCharsets.UTF_8)).isEqualTo("address,family,expires_at,severity,reason\n"
                + "198.51.100.23,ipv4,2026-03-02T14:05:00Z,high,Blocked for 4h after a high port_scan alert "
                + "(offence 1).\n");
        assertThat(csv.response().contentType()).isEqualToIgnoringWhitespace("text/csv; charset=utf-8");
    }

    @Test
    void aMissingBucketIsAnIoErrorAPersonCanActOn() {
        S3BlocklistTarget target = new S3BlocklistTarget(s3, S3Location.parse("s3://no-such-" + bucket
                + "/blocklist.txt"), BlocklistFileFormat.PLAIN);

        assertThatThrownBy(() -> target.apply(SampleEntries.current()))
                .isInstanceOf(IOException.class)
                .hasMessage("Cannot write plain list s3://no-such-" + bucket + "/blocklist.txt: not found "
                        + "(NoSuchBucket): check the bucket name and the key.");
    }

    @Test
    void aLocationWithoutAKeyIsRefusedUpFront() {
        assertThatThrownBy(() -> new S3BlocklistTarget(s3, S3Location.parse("s3://" + bucket + "/lists/"),
                BlocklistFileFormat.PLAIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("s3://" + bucket + "/lists/ names no object to write the blocklist to; give the key, e.g. "
                        + "s3://" + bucket + "/flowsight/blocklist.txt.");
    }

    private ResponseBytes<GetObjectResponse> object(String key) {
        return s3.getObjectAsBytes(request -> request.bucket(bucket).key(key));
    }
}
