package io.flowsight.respond.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowsight.aws.AwsClientConfig;
import io.flowsight.aws.signing.AwsCredentialsSource;
import io.flowsight.respond.file.BlocklistFileFormat;
import io.flowsight.testsupport.S3Endpoint;
import io.flowsight.testsupport.S3ProxyExtension;
import io.flowsight.testsupport.SigV4Verifier;
import io.flowsight.testsupport.aws.FakeAwsApi;
import io.flowsight.testsupport.aws.FakeAwsApi.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The GuardDuty threat list target against S3Proxy, holding the list's object, and a loopback GuardDuty that speaks
 * UpdateThreatIntelSet as AWS documents it and checks each request's signature. Failsafe names S3Proxy's jar; a
 * unit-test run that selects this class by pattern skips it.
 */
@ExtendWith(S3ProxyExtension.class)
@EnabledIfSystemProperty(named = S3ProxyExtension.JAR_PROPERTY, matches = ".+",
        disabledReason = "needs S3Proxy's jar, which the integration-test phase provides")
class GuardDutyThreatListTargetIT {
    static final String DETECTOR = "12abc34d567e8fa901bc2d34e56789f0";
    static final String SET = "0f3c7e1a5b2d4e8f9a6b1c2d3e4f5a6b";
    private static final String KEY = "guardduty/flowsight-threats.txt";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManualTime time = ManualTime.at("2026-03-02T10:01:05Z");
    private S3Endpoint endpoint;
    private S3Client s3;
    private String bucket;
    private FakeGuardDuty guardDuty;

    @BeforeEach
    void start(S3Endpoint endpoint) throws Exception {
        this.endpoint = endpoint;
        s3 = new AwsClientConfig(endpoint.flowSightSettings()).newS3Client();
        bucket = "threats-" + UUID.randomUUID();
        s3.createBucket(request -> request.bucket(bucket));
        guardDuty = new FakeGuardDuty("eu-west-1");
        guardDuty.create(DETECTOR, SET);
    }

    @AfterEach
    void stop() {
        guardDuty.close();
        s3.close();
    }

    private GuardDutyThreatListTargetConfig.Builder config() {
        return GuardDutyThreatListTargetConfig.builder("threats").list("s3://" + bucket + "/" + KEY)
                .detectorId(DETECTOR).threatIntelSetId(SET).region("eu-west-1").endpoint(guardDuty.endpoint())
                .credentials(AwsCredentialsSource.staticKeys(FakeAwsApi.ACCESS_KEY_ID, FakeAwsApi.SECRET));
    }

    /** A target as a new process starts it, with the pacer it has in production and its own S3 client. */
    private GuardDutyThreatListTarget target(GuardDutyThreatListTargetConfig config) {
        return new GuardDutyThreatListTarget(config, new AwsClientConfig(endpoint.flowSightSettings()).newS3Client(),
                new UpdatePacer(GuardDutyThreatListTarget.PASS_INTERVAL), time, time, () -> 1.0);
    }

    private GuardDutyThreatListTarget target() {
        return target(config().build());
    }

    private String place() {
        return "GuardDuty threat list s3://" + bucket + "/" + KEY + " (threat intel set " + SET + " of detector "
                + DETECTOR + " in eu-west-1)";
    }

    private ResponseBytes<GetObjectResponse> object() {
        return s3.getObjectAsBytes(request -> request.bucket(bucket).key(KEY));
    }

    private String list() {
        return object().asString(StandardCharsets.UTF_8);
    }

    /**
     * Puts the object back with the same content and a metadata mark: a later PUT by the target would drop the mark,
     * so while it is there, the target did not write.
     */
    private void markObject() {
        byte[] content = object().asByteArray();
        s3.putObject(request -> request.bucket(bucket).key(KEY).contentType("text/plain; charset=utf-8")
                .metadata(Map.of("marked-by", "test")), RequestBody.fromBytes(content));
    }

    private boolean stillMarked() {
        return "test".equals(s3.headObject(request -> request.bucket(bucket).key(KEY)).metadata().get("marked-by"));
    }

    @Test
    void theFirstPassWritesTheListAndActivatesTheSetWithOneExactlySignedRestJsonCall() throws Exception {
        List<AppliedChange> changes;
        try (GuardDutyThreatListTarget target = target()) {
            changes = target.reconcileNow(List.of("203.0.113.7", "2001:DB8:0:0:0:0:0:1", "198.51.100.0/24"));
        }

        assertThat(list()).isEqualTo("198.51.100.0/24\n203.0.113.7\n2001:db8::1\n");
        assertThat(object().response().contentType()).isEqualToIgnoringWhitespace("text/plain; charset=utf-8");
        assertThat(guardDuty.requests()).hasSize(1);
        Request activation = guardDuty.requests().get(0);
        assertThat(activation.method()).isEqualTo("POST");
        assertThat(activation.pathAndQuery()).isEqualTo("/detector/" + DETECTOR + "/threatintelset/" + SET);
        assertThat(activation.header("Content-Type")).isEqualTo("application/json");
        assertThat(JSON.readTree(activation.body())).isEqualTo(JSON.readTree("{\"activate\": true}"));
        assertThat(activation.header("X-Amz-Date")).isEqualTo("20260302T100105Z");
        assertThat(activation.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260302/"
                + "eu-west-1/guardduty/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, "
                + "Signature=");
        assertThat(SigV4Verifier.verify(activation, FakeAwsApi.SECRET)).isTrue();
        assertThat(SigV4Verifier.verify(activation, "another-secret")).isFalse();
        assertThat(guardDuty.activations(SET)).isEqualTo(1);
        assertThat(changes).containsExactly(new AppliedChange(place(),
                List.of("198.51.100.0/24", "203.0.113.7/32", "2001:db8::1/128"), List.of(), List.of()));
    }

    @Test
    void theSameListAgainIsNeitherWrittenNorActivated() throws Exception {
        try (GuardDutyThreatListTarget target = target()) {
            target.reconcileNow(List.of("203.0.113.7", "198.51.100.0/24"));
            markObject();

            List<AppliedChange> changes = target.reconcileNow(List.of("198.51.100.0/24", "203.0.113.7"));

            assertThat(stillMarked()).isTrue();
            assertThat(guardDuty.activations(SET)).isEqualTo(1);
            assertThat(changes).containsExactly(new AppliedChange(place(), List.of(), List.of(), List.of()));
        }
    }

    @Test
    void aChangedListIsWrittenAndActivatedAgain() throws Exception {
        try (GuardDutyThreatListTarget target = target()) {
            target.reconcileNow(List.of("203.0.113.7", "198.51.100.9"));

            List<AppliedChange> changes = target.reconcileNow(List.of("198.51.100.9", "192.0.2.0/24"));

            assertThat(list()).isEqualTo("192.0.2.0/24\n198.51.100.9\n");
            assertThat(guardDuty.activations(SET)).isEqualTo(2);
            assertThat(changes).containsExactly(new AppliedChange(place(), List.of("192.0.2.0/24"),
                    List.of("203.0.113.7"), List.of()));
        }
    }

    @Test
    void aListChangedByHandIsPutBackAndActivated() throws Exception {
        try (GuardDutyThreatListTarget target = target()) {
            target.reconcileNow(List.of("203.0.113.7"));
            s3.putObject(request -> request.bucket(bucket).key(KEY), RequestBody.fromString("203.0.113.7\n"
                    + "not-an-address\n192.0.2.1\n"));

            List<AppliedChange> changes = target.reconcileNow(List.of("203.0.113.7"));

            assertThat(list()).isEqualTo("203.0.113.7\n");
            assertThat(guardDuty.activations(SET)).isEqualTo(2);
            assertThat(changes).containsExactly(new AppliedChange(place(), List.of(),
                    List.of("not-an-address", "192.0.2.1"), List.of()));
        }
    }

    @Test
    void aRefusedActivationIsLoggedAndTriedAgainAtTheNextPassThoughTheListIsUnchanged() throws Exception {
        guardDuty.script("UpdateThreatIntelSet", FakeGuardDuty.error(400, "BadRequestException", "The request is "
                + "rejected because the threat intel set is activating."));
        try (GuardDutyThreatListTarget target = target()) {
            target.apply(List.of("203.0.113.7"));

            assertThat(target.runDue()).isTrue();
            assertThat(list()).isEqualTo("203.0.113.7\n");
            assertThat(guardDuty.requests()).hasSize(1);
            assertThat(guardDuty.activations(SET)).isZero();
            markObject();
            // A refusal is not retried early: the next pass is the reconcile interval's.
            time.advance(Duration.ofMinutes(4));
            assertThat(target.runDue()).isFalse();

            time.advance(Duration.ofMinutes(1));
            assertThat(target.runDue()).isTrue();

            assertThat(stillMarked()).isTrue();
            assertThat(guardDuty.requests()).hasSize(2);
            assertThat(guardDuty.activations(SET)).isEqualTo(1);
            time.advance(Duration.ofMinutes(5));
            assertThat(target.runDue()).isTrue();
            assertThat(guardDuty.requests()).hasSize(2);
        }
    }

    @Test
    void aRefusedActivationSaysWhatGuardDutyAnswered() throws Exception {
        guardDuty.script("UpdateThreatIntelSet", FakeGuardDuty.error(400, "BadRequestException", "The request is "
                + "rejected because the threat intel set is activating."));
        try (GuardDutyThreatListTarget target = target()) {
            AwsTargetException e = catchThrowableOfType(AwsTargetException.class,
                    () -> target.reconcileNow(List.of("203.0.113.7")));

            assertThat(e).hasMessage("Amazon GuardDuty refused UpdateThreatIntelSet with BadRequestException (HTTP "
                    + "400): The request is rejected because the threat intel set is activating.");
            assertThat(e.retriable()).isFalse();
            assertThat(e.errorCode()).contains("BadRequestException");
        }
    }

    @Test
    void aNewProcessActivatesTheListItFindsOnceThoughItWritesNothing() throws Exception {
        try (GuardDutyThreatListTarget before = target()) {
            before.reconcileNow(List.of("203.0.113.7"));
        }
        markObject();

        try (GuardDutyThreatListTarget after = target()) {
            after.reconcileNow(List.of("203.0.113.7"));
            after.reconcileNow(List.of("203.0.113.7"));
        }

        assertThat(stillMarked()).isTrue();
        assertThat(guardDuty.activations(SET)).isEqualTo(2);
    }

    @Test
    void moreThanGuardDutyReadsLeavesTheOldestOut() throws Exception {
        List<String> wanted = IntStream.rangeClosed(0, BlocklistFileFormat.GUARDDUTY_MAX_ENTRIES)
                .mapToObj(i -> "10." + (i >> 16) + "." + (i >> 8 & 0xff) + "." + (i & 0xff)).toList();

        List<AppliedChange> changes;
        try (GuardDutyThreatListTarget target = target()) {
            changes = target.reconcileNow(wanted);
        }

        List<String> lines = list().lines().toList();
        assertThat(lines).hasSize(250_000);
        assertThat(lines.get(0)).isEqualTo("10.0.0.1");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("10.3.208.144");
        assertThat(changes.get(0).leftOut()).containsExactly("10.0.0.0/32");
        assertThat(changes.get(0).added()).hasSize(250_000);
        assertThat(guardDuty.activations(SET)).isEqualTo(1);
    }

    @Test
    void aDeniedActivationNamesThePermissionsItTakes() throws Exception {
        guardDuty.script("UpdateThreatIntelSet", FakeGuardDuty.error(403, "AccessDeniedException", "User is not "
                + "authorized to perform: guardduty:UpdateThreatIntelSet."));
        try (GuardDutyThreatListTarget target = target()) {
            AwsTargetException e = catchThrowableOfType(AwsTargetException.class,
                    () -> target.reconcileNow(List.of("203.0.113.7")));

            assertThat(e).hasMessage("Amazon GuardDuty denied UpdateThreatIntelSet on " + place() + " "
                    + "(AccessDeniedException): the credentials' principal needs guardduty:UpdateThreatIntelSet on "
                    + "the detector and iam:PutRolePolicy on the role AWSServiceRoleForAmazonGuardDuty.");
            assertThat(e.retriable()).isFalse();
        }
    }

    @Test
    void aMissingBucketFailsThePassBeforeGuardDutyIsCalled() {
        GuardDutyThreatListTargetConfig config = config().list("s3://no-such-" + bucket + "/" + KEY).build();
        try (GuardDutyThreatListTarget target = target(config)) {
            AwsTargetException e = catchThrowableOfType(AwsTargetException.class,
                    () -> target.reconcileNow(List.of("203.0.113.7")));

            assertThat(e).hasMessage("Cannot read GuardDuty threat list s3://no-such-" + bucket + "/" + KEY
                    + ": not found (NoSuchBucket): check the bucket name and the key.");
            assertThat(e.retriable()).isFalse();
        }
        assertThat(guardDuty.requests()).isEmpty();
    }

    @Test
    void aStartedTargetAppliesInItsOwnThreadAndStopsOnClose() throws Exception {
        S3Client own = new AwsClientConfig(endpoint.flowSightSettings()).newS3Client();
        try (GuardDutyThreatListTarget target = GuardDutyThreatListTarget.start(config().build(), own)) {
            assertThat(target.name()).isEqualTo("threats");
            target.apply(List.of("203.0.113.7"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (guardDuty.activations(SET) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(list()).isEqualTo("203.0.113.7\n");
        assertThat(guardDuty.activations(SET)).isEqualTo(1);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("flowsight-respond-threats"));
    }
}
