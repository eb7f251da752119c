package io.flowsight.notify.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowsight.aws.signing.AwsCredentialsSource;
import io.flowsight.aws.signing.AwsRegion;
import io.flowsight.notify.AlertLink;
import io.flowsight.notify.AlertNotification;
import io.flowsight.notify.DeliveryOutcome;
import io.flowsight.notify.ManualTime;
import io.flowsight.notify.OneDestination;
import io.flowsight.notify.RecordingReceiver;
import io.flowsight.notify.RecordingReceiver.Request;
import io.flowsight.notify.RecordingReceiver.Response;
import io.flowsight.notify.SampleAlerts;
import io.flowsight.schemas.Severity;
import io.flowsight.testsupport.SigV4Verifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

import static io.flowsight.notify.OneDestination.json;
import static io.flowsight.notify.receiver.SnsReceiverTest.ACCESS_KEY_ID;
import static io.flowsight.notify.receiver.SnsReceiverTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AWS Security Hub BatchImportFindings: the exact ASFF finding, its SigV4 signature, and every kind of answer. */
class SecurityHubReceiverTest {
    private static final AlertLink LINK = AlertLink.under(URI.create("https://flowsight.example.com"));
    private static final String IMPORTED = "{\"FailedCount\":0,\"SuccessCount\":1,\"FailedFindings\":[]}";

    private final ManualTime time = new ManualTime(Instant.parse("2026-03-02T10:01:05Z"));
    private RecordingReceiver hub;

    @BeforeEach
    void start() throws Exception {
        hub = RecordingReceiver.start();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private SecurityHubReceiver receiver() {
        return new SecurityHubReceiver(AwsRegion.of("eu-west-1"), "123456789012", hub.uri("/"),
                AwsCredentialsSource.staticKeys(ACCESS_KEY_ID, SECRET), LINK);
    }

    private JsonNode findingFor(AlertNotification alert) {
        JsonNode body = json(receiver().requestFor(alert, time.instant()).body());
        assertThat(body.get("Findings")).hasSize(1);
        return body.get("Findings").get(0);
    }

    @Test
    void aFiringAlertIsImportedAsOneActiveAsffFindingSignedForSecurityHub() throws Exception {
        hub.answer(Response.of(200, IMPORTED));

        DeliveryOutcome outcome = OneDestination.deliver(receiver(), SampleAlerts.portScan(), time);

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class, delivered -> {
            assertThat(delivered.status()).isEqualTo(200);
            assertThat(delivered.bodyExcerpt()).isEqualTo(IMPORTED);
        });
        Request request = hub.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.pathAndQuery()).isEqualTo("/findings/import");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(json(request.body())).isEqualTo(json("""
                {
                  "Findings": [{
                    "SchemaVersion": "2018-10-08",
                    "Id": "203.0.113.7|port_scan|2026-03-02T10:00:00Z",
                    "ProductArn": "arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default",
                    "GeneratorId": "port_scan",
                    "AwsAccountId": "123456789012",
                    "Types": ["TTPs/Discovery/Recon:EC2-Portscan"],
                    "CreatedAt": "2026-03-02T10:00:07Z",
                    "UpdatedAt": "2026-03-02T10:00:52Z",
                    "FirstObservedAt": "2026-03-02T10:00:07Z",
                    "LastObservedAt": "2026-03-02T10:00:52Z",
                    "Severity": {"Label": "HIGH"},
                    "Title": "port_scan from 203.0.113.7",
                    "Description": "203.0.113.7 probed 180 ports on 3 hosts in one minute",
                    "SourceUrl": "https://flowsight.example.com/api/alerts?ip=203.0.113.7",
                    "Resources": [{"Type": "Other", "Id": "203.0.113.7"}],
                    "Network": {"Direction": "IN", "SourceIpV4": "203.0.113.7"},
                    "ProductFields": {
                      "detector": "port_scan",
                      "log_type": "vpcflow",
                      "occurrences": "1",
                      "alert_id": "203.0.113.7|port_scan|2026-03-02T10:00:00Z"
                    },
                    "RecordState": "ACTIVE",
                    "Workflow": {"Status": "NEW"}
                  }]
                }
                """));

        assertThat(request.header("X-Amz-Date")).isEqualTo("20260302T100105Z");
        assertThat(request.header("x-amz-content-sha256")).isEqualTo(SigV4Verifier.hex(
                SigV4Verifier.sha256(request.body())));
        assertThat(request.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260302/"
                + "eu-west-1/securityhub/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;"
                + "x-amz-date, Signature=");
        assertThat(SigV4Verifier.verify(request, SECRET)).isTrue();
        assertThat(SigV4Verifier.verify(request, "another-secret")).isFalse();
    }

    @Test
    void aResolvedAlertArchivesTheSameFindingAndMarksItResolved() {
        JsonNode finding = findingFor(SampleAlerts.portScanResolved());

        assertThat(finding.get("Id").asText()).isEqualTo(SampleAlerts.ALERT_ID);
        assertThat(finding.get("RecordState").asText()).isEqualTo("ARCHIVED");
        assertThat(finding.get("Workflow")).isEqualTo(json("{\"Status\": \"RESOLVED\"}"));
        // Later than the firing's, so Security Hub takes it as the newer version of the finding.
        assertThat(finding.get("UpdatedAt").asText()).isEqualTo("2026-03-02T10:15:52Z");
        assertThat(finding.get("CreatedAt").asText()).isEqualTo("2026-03-02T10:00:07Z");
        assertThat(finding.get("LastObservedAt").asText()).isEqualTo("2026-03-02T10:00:52Z");
    }

    @Test
    void anIpv6AddressIsTheSourceIpV6AndUnknownFieldsAreLeftOut() {
        JsonNode finding = findingFor(SampleAlerts.withIp("2001:db8::7"));

        assertThat(finding.get("Network")).isEqualTo(json("{\"Direction\": \"IN\", \"SourceIpV6\": \"2001:db8::7\"}"));
        assertThat(finding.get("ProductFields")).isEqualTo(json("""
                {"detector": "port_scan", "occurrences": "1", "alert_id": "2001:db8::7|port_scan|2026-03-02T10:00:00Z"}
                """));
        assertThat(finding.get("SourceUrl").asText())
                .isEqualTo("https://flowsight.example.com/api/alerts?ip=2001%3Adb8%3A%3A7");
    }

    @Test
    void everyDetectorMapsToAFindingTypeOfAsffsTaxonomy() {
        Map<String, String> types = new LinkedHashMap<>();
        for (String detector : new String[] {"port_scan", "brute_force", "traffic_spike", "denied_api_burst",
                "console_login_failures", "http_error_burst", "watchlist", "sigma:aws_root_login", "new_detector"}) {
            types.put(detector, findingFor(SampleAlerts.with(Severity.MEDIUM, detector)).get("Types").get(0).asText());
        }

        assertThat(types).containsExactly(
                Map.entry("port_scan", "TTPs/Discovery/Recon:EC2-Portscan"),
                Map.entry("brute_force", "TTPs/Credential Access/Brute Force"),
                Map.entry("traffic_spike", "Effects/Data Exfiltration"),
                Map.entry("denied_api_burst", "Unusual Behaviors/User"),
                Map.entry("console_login_failures", "TTPs/Credential Access/Brute Force"),
                Map.entry("http_error_burst", "TTPs/Initial Access"),
                Map.entry("watchlist", "Unusual Behaviors/IP address/Watchlist"),
                Map.entry("sigma:aws_root_login", "Software and Configuration Checks/Sigma rule"),
                Map.entry("new_detector", "Unusual Behaviors"));
        assertThat(types.values()).allSatisfy(type -> assertThat(type).matches(
                "(TTPs|Effects|Unusual Behaviors|Software and Configuration Checks|Sensitive Data Identifications)"
                        + "(/[^/]+){0,2}"));
    }

    @Test
    void severitiesAreAsffLabels() {
        for (Severity severity : Severity.values()) {
            assertThat(findingFor(SampleAlerts.with(severity, "port_scan")).get("Severity").get("Label").asText())
                    .isEqualTo(severity.wireName().toUpperCase(Locale.ROOT));
        }
    }

    @Test
    void textIsCutToAsffsLimitsAndALongAlertIdIsDigested() {
        AlertNotification sample = SampleAlerts.withText("d".repeat(3000), Map.of());
        String detector = "sigma:" + "r".repeat(300);
        String longId = "203.0.113.7|" + detector + "|2026-03-02T10:00:00Z";
        AlertNotification longAlert = new AlertNotification(longId, sample.ip(), detector, sample.severity(),
                sample.status(), sample.windowStart(), sample.windowEnd(), sample.firstSeen(), sample.lastSeen(),
                sample.score(), sample.summary(), sample.evidence(), sample.occurrences(), sample.resolvedAt(),
                sample.logType(), sample.internal());
        String veryLongId = longId + "x".repeat(300);
        AlertNotification veryLong = new AlertNotification(veryLongId, sample.ip(), detector, sample.severity(),
                sample.status(), sample.windowStart(), sample.windowEnd(), sample.firstSeen(), sample.lastSeen(),
                sample.score(), sample.summary(), sample.evidence(), sample.occurrences(), sample.resolvedAt(),
                sample.logType(), sample.internal());

        JsonNode finding = findingFor(longAlert);
        assertThat(finding.get("Description").asText()).hasSize(1024).endsWith("d…");
        assertThat(finding.get("Title").asText()).hasSize(256).startsWith("sigma:rrr").endsWith("r…");
        assertThat(finding.get("Id").asText()).isEqualTo(longId);
        assertThat(veryLongId).hasSizeGreaterThan(512);
        String digested = findingFor(veryLong).get("Id").asText();
        assertThat(digested).matches("sha256:[0-9a-f]{64}");
        assertThat(findingFor(veryLong.resolved(SampleAlerts.RESOLVED_AT)).get("Id").asText()).isEqualTo(digested);
    }

    @Test
    void a200WithAFailedFindingIsADeadLetterWithSecurityHubsReason() throws Exception {
        String failed = """
                {"FailedCount":1,"SuccessCount":0,"FailedFindings":[{"Id":"203.0.113.7|port_scan|2026-03-02T10:00:00Z",\
                "ErrorCode":"InvalidInput","ErrorMessage":"Finding does not adhere to Amazon Finding Format. \
                data.AwsAccountId should match the account of the caller."}]}""";
        hub.answer(Response.of(200, failed));

        DeliveryOutcome outcome = OneDestination.deliver(receiver(), SampleAlerts.portScan(), time);

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.DeadLetter.class, dead -> {
            assertThat(dead.reason()).isEqualTo(DeliveryOutcome.Reason.REJECTED);
            assertThat(dead.attempts()).isEqualTo(1);
            assertThat(dead.lastStatus()).isEqualTo(OptionalInt.of(200));
            assertThat(dead.bodyExcerpt()).isEqualTo(failed);
            assertThat(dead.explanation()).isEqualTo("Security Hub answered HTTP 200 but did not import the finding "
                    + "(InvalidInput: Finding does not adhere to Amazon Finding Format. data.AwsAccountId should "
                    + "match the account of the caller.); sending it again would not change that.");
        });
        assertThat(hub.requests()).hasSize(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void a200ThatIsNotBatchImportFindingsResultIsNotTakenForADelivery() throws Exception {
        hub.answer(Response.of(200, "<html>captive portal</html>"));

        DeliveryOutcome outcome = OneDestination.deliver(receiver(), SampleAlerts.portScan(), time);

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.DeadLetter.class, dead -> {
            assertThat(dead.reason()).isEqualTo(DeliveryOutcome.Reason.REJECTED);
            assertThat(dead.explanation()).isEqualTo("The receiver answered HTTP 200 without BatchImportFindings' "
                    + "result, so nothing shows the finding was imported: check that endpoint is Security Hub's.");
        });
    }

    @Test
    void throttlingAndServerErrorsAreRetried() throws Exception {
        hub.answer(Response.of(429, "{\"Code\":\"TooManyRequestsException\",\"Message\":\"Rate exceeded\"}"),
                Response.of(500, "{\"Code\":\"InternalException\",\"Message\":\"Internal error\"}"),
                Response.of(200, IMPORTED));

        DeliveryOutcome outcome = OneDestination.deliver(receiver(), SampleAlerts.portScan(), time);

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class,
                delivered -> assertThat(delivered.attempts()).isEqualTo(3));
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(hub.requests()).hasSize(3).allSatisfy(r -> assertThat(SigV4Verifier.verify(r, SECRET)).isTrue());
    }

    @Test
    void aRefusalIsDeadLetteredWithAwssCodeAndMessage() throws Exception {
        hub.answer(Response.of(401, "{\"Code\":\"InvalidAccessException\",\"Message\":\"Account 123456789012 is not "
                + "subscribed to AWS Security Hub\"}").withHeader("x-amzn-ErrorType", "InvalidAccessException"));

        DeliveryOutcome outcome = OneDestination.deliver(receiver(), SampleAlerts.portScan(), time);

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.DeadLetter.class, dead -> {
            assertThat(dead.reason()).isEqualTo(DeliveryOutcome.Reason.REJECTED);
            assertThat(dead.lastStatus()).isEqualTo(OptionalInt.of(401));
            assertThat(dead.explanation()).isEqualTo("Security Hub refused the request with HTTP 401 "
                    + "(InvalidAccessException: Account 123456789012 is not subscribed to AWS Security Hub); sending "
                    + "it again would not change that: check region and account-id, that Security Hub is enabled "
                    + "there, and that the credentials' principal may securityhub:BatchImportFindings.");
        });
    }

    @Test
    void theDefaultEndpointAndProductArnFollowTheRegionsPartition() {
        assertThat(SecurityHubReceiver.defaultEndpoint(AwsRegion.of("eu-west-1")))
                .isEqualTo(URI.create("https://securityhub.eu-west-1.amazonaws.com"));
        assertThat(SecurityHubReceiver.defaultEndpoint(AwsRegion.of("cn-north-1")))
                .isEqualTo(URI.create("https://securityhub.cn-north-1.amazonaws.com.cn"));
        assertThat(AsffFinding.productArn(AwsRegion.of("cn-north-1"), "123456789012"))
                .isEqualTo("arn:aws-cn:securityhub:cn-north-1:123456789012:product/123456789012/default");
        assertThat(AsffFinding.productArn(AwsRegion.of("us-gov-west-1"), "123456789012"))
                .isEqualTo("arn:aws-us-gov:securityhub:us-gov-west-1:123456789012:product/123456789012/default");
    }

    @Test
    void anEndpointWithAPathKeepsItAndAddsTheOperationsPath() {
        SecurityHubReceiver behindProxy = new SecurityHubReceiver(AwsRegion.of("eu-west-1"), "123456789012",
                URI.create("https://proxy.example.com/securityhub/"), AwsCredentialsSource.defaultChain(), LINK);

        assertThat(behindProxy.importUri())
                .isEqualTo(URI.create("https://proxy.example.com/securityhub/findings/import"));
    }

    @Test
    void anAccountIdIsTwelveDigits() {
        assertThatThrownBy(() -> new SecurityHubReceiver(AwsRegion.of("eu-west-1"), "12345", hub.uri("/"),
                AwsCredentialsSource.defaultChain(), LINK)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An AWS account id is 12 digits, not \"12345\".");
    }

    @Test
    void theCredentialsNeverShowInTheReceiversDescription() {
        assertThat(receiver().toString()).doesNotContain(SECRET).doesNotContain(ACCESS_KEY_ID);
    }
}
