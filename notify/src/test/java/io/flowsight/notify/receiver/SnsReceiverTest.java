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
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.flowsight.notify.OneDestination.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Amazon SNS Publish: the exact Query-protocol form, its SigV4 signature, FIFO ids, limits and AWS's answers. */
class SnsReceiverTest {
    /** AWS's documentation example key pair: fake, and never valid. */
    static final String ACCESS_KEY_ID = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:flowsight-alerts";
    private static final AlertLink LINK = AlertLink.under(URI.create("https://flowsight.example.com"));
    private static final String PUBLISHED = """
            <PublishResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/">
              <PublishResult><MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId></PublishResult>
              <ResponseMetadata><RequestId>f187a3c1-376f-11df-8963-01868b7c937a</RequestId></ResponseMetadata>
            </PublishResponse>""";

    private final ManualTime time = new ManualTime(Instant.parse("2026-03-02T10:01:05Z"));
    private RecordingReceiver sns;

    @BeforeEach
    void start() throws Exception {
        sns = RecordingReceiver.start();
    }

    @AfterEach
    void stop() {
        sns.close();
    }

    private SnsReceiver receiver(String topicArn, AwsCredentialsSource credentials) {
        return new SnsReceiver(SnsTopicArn.parse(topicArn), sns.uri("/"), credentials, LINK);
    }

    private SnsReceiver receiver(String topicArn) {
        return receiver(topicArn, AwsCredentialsSource.staticKeys(ACCESS_KEY_ID, SECRET));
    }

    /** The form as sent, decoded, in order. */
    static List<Map.Entry<String, String>> form(String body) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            fields.add(Map.entry(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8)));
        }
        return fields;
    }

    static Map<String, String> formMap(String body) {
        Map<String, String> map = new LinkedHashMap<>();
        form(body).forEach(field -> map.put(field.getKey(), field.getValue()));
        return map;
    }

    @Test
    void aFiringAlertIsPublishedAsTheWebhooksJsonWithASubjectAndAttributesSignedForSns() throws Exception {
        sns.answer(Response.of(200, PUBLISHED));

        DeliveryOutcome outcome = OneDestination.deliver(receiver(TOPIC), SampleAlerts.portScan(), time);

        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
        Request request = sns.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.pathAndQuery()).isEqualTo("/");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded; charset=utf-8");
        List<Map.Entry<String, String>> form = form(request.body());
        String message = formMap(request.body()).get("Message");
        assertThat(form).containsExactly(
                Map.entry("Action", "Publish"),
                Map.entry("Version", "2010-03-31"),
                Map.entry("TopicArn", TOPIC),
                Map.entry("Subject", "[FlowSight] High: port_scan from 203.0.113.7"),
                Map.entry("Message", message),
                Map.entry("MessageAttributes.entry.1.Name", "severity"),
                Map.entry("MessageAttributes.entry.1.Value.DataType", "String"),
                Map.entry("MessageAttributes.entry.1.Value.StringValue", "high"),
                Map.entry("MessageAttributes.entry.2.Name", "detector"),
                Map.entry("MessageAttributes.entry.2.Value.DataType", "String"),
                Map.entry("MessageAttributes.entry.2.Value.StringValue", "port_scan"),
                Map.entry("MessageAttributes.entry.3.Name", "status"),
                Map.entry("MessageAttributes.entry.3.Value.DataType", "String"),
                Map.entry("MessageAttributes.entry.3.Value.StringValue", "firing"));
        // The message is exactly what a webhook destination posts.
        assertThat(message).isEqualTo(WebhookFormat.FLOWSIGHT.body(SampleAlerts.portScan(), LINK));
        assertThat(json(message).get("alert_id").asText()).isEqualTo(SampleAlerts.ALERT_ID);
        assertThat(json(message).get("link").asText())
                .isEqualTo("https://flowsight.example.com/api/alerts?ip=203.0.113.7");

        assertThat(request.header("X-Amz-Date")).isEqualTo("20260302T100105Z");
        assertThat(request.header("x-amz-content-sha256")).isEqualTo(SigV4Verifier.hex(
                SigV4Verifier.sha256(request.body())));
        assertThat(request.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260302/"
                + "eu-west-1/sns/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, "
                + "Signature=");
        assertThat(SigV4Verifier.verify(request, SECRET)).isTrue();
        assertThat(SigV4Verifier.verify(request, "another-secret")).isFalse();
    }

    @Test
    void aResolvedAlertSaysSoInTheSubjectTheStatusAttributeAndTheMessage() {
        Map<String, String> form = formMap(receiver(TOPIC).requestFor(SampleAlerts.portScanResolved(),
                time.instant()).body());

        assertThat(form.get("Subject")).isEqualTo("[FlowSight] Resolved: port_scan from 203.0.113.7");
        assertThat(form.get("MessageAttributes.entry.3.Name")).isEqualTo("status");
        assertThat(form.get("MessageAttributes.entry.3.Value.StringValue")).isEqualTo("resolved");
        assertThat(json(form.get("Message")).get("type").asText()).isEqualTo("alert.resolved");
        assertThat(form).doesNotContainKeys("MessageGroupId", "MessageDeduplicationId");
    }

    @Test
    void aFifoTopicGetsTheAddressAsGroupAndOneDeduplicationIdPerNotification() throws Exception {
        String fifo = "arn:aws:sns:eu-west-1:123456789012:flowsight-alerts.fifo";
        sns.answer(Response.of(500, "<ErrorResponse><Error><Code>InternalError</Code></Error></ErrorResponse>"),
                Response.of(200, PUBLISHED), Response.of(200, PUBLISHED));

        OneDestination.deliver(receiver(fifo), SampleAlerts.portScan(), time);
        OneDestination.deliver(receiver(fifo), SampleAlerts.portScanResolved(), time);

        List<Map<String, String>> forms = sns.requests().stream().map(r -> formMap(r.body())).toList();
        assertThat(forms).hasSize(3).allSatisfy(form -> {
            assertThat(form.get("TopicArn")).isEqualTo(fifo);
            assertThat(form.get("MessageGroupId")).isEqualTo("203.0.113.7");
            assertThat(form.get("MessageDeduplicationId")).matches("[0-9a-f]{64}");
        });
        // The retry is the same notification; the resolution is another.
        assertThat(forms.get(1).get("MessageDeduplicationId")).isEqualTo(forms.get(0).get("MessageDeduplicationId"));
        assertThat(forms.get(2).get("MessageDeduplicationId")).isNotEqualTo(forms.get(0).get("MessageDeduplicationId"));
        assertThat(forms.get(0).keySet()).endsWith("MessageGroupId", "MessageDeduplicationId");
        assertThat(sns.requests()).allSatisfy(r -> assertThat(SigV4Verifier.verify(r, SECRET)).isTrue());
    }

    @Test
    void theSubjectIsPrintableAsciiUnder100Characters() {
        AlertNotification sample = SampleAlerts.with(Severity.CRITICAL,
                "sigma:Détection\tsuspecte " + "x".repeat(200));

        String subject = SnsReceiver.subject(sample);

        assertThat(subject).hasSize(99).startsWith("[FlowSight] Critical: sigma:D?tection?suspecte xxx").endsWith(
                "x...").matches("[\\x20-\\x7e]+");
    }

    @Test
    void aMessageOverSnssLimitIsShortenedButStaysTheSameJson() {
        Map<String, String> evidence = new TreeMap<>();
        evidence.put("user_agent", "u".repeat(100_000));
        evidence.put("path", "p".repeat(100_000));
        AlertNotification big = SampleAlerts.withText("s".repeat(100_000), evidence);

        String message = formMap(receiver(TOPIC).requestFor(big, time.instant()).body()).get("Message");

        assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(256 * 1024);
        JsonNode body = json(message);
        assertThat(body.get("alert_id").asText()).isEqualTo(SampleAlerts.ALERT_ID);
        assertThat(body.get("summary").asText()).hasSize(1024).endsWith("s…");
        assertThat(body.get("evidence").get("path").asText()).hasSize(1024);
        assertThat(body.get("evidence").get("user_agent").asText()).hasSize(1024);
    }

    @Test
    void evidenceTooLargeEvenShortenedIsLeftOutWithANote() {
        Map<String, String> evidence = new TreeMap<>();
        for (int i = 0; i < 400; i++) {
            evidence.put("key_" + i, "v".repeat(2000));
        }
        AlertNotification big = SampleAlerts.withText("a summary", evidence);

        String message = formMap(receiver(TOPIC).requestFor(big, time.instant()).body()).get("Message");

        assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(256 * 1024);
        assertThat(json(message).get("evidence")).isEqualTo(json("""
                {"flowsight_note": "the evidence (400 entries) was left out: with it the message exceeds SNS's 256 KiB"}
                """));
        assertThat(json(message).get("summary").asText()).isEqualTo("a summary");
    }

    @Test
    void formValuesArePercentEncodedAsAwsQueryApisExpect() {
        assertThat(SnsReceiver.encode("a b*c~d+e/f:é")).isEqualTo("a%20b%2Ac~d%2Be%2Ff%3A%C3%A9");
    }

    @Test
    void snsThrottlingComesAsA400AndIsRetried() throws Exception {
        sns.answer(Response.of(400, """
                <ErrorResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/">
                  <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
                  <RequestId>9c4c2f9a-0000-0000-0000-000000000000</RequestId>
                </ErrorResponse>"""), Response.of(200, PUBLISHED));

        DeliveryOutcome outcome = OneDestination.deliver(receiver(TOPIC), SampleAlerts.portScan(), time);

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class,
                delivered -> assertThat(delivered.attempts()).isEqualTo(2));
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void serverErrorsAreRetried() throws Exception {
        sns.answer(Response.of(500, ""), Response.of(503, ""), Response.of(200, PUBLISHED));

        DeliveryOutcome outcome = OneDestination.deliver(receiver(TOPIC), SampleAlerts.portScan(), time);

        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(outcome).isInstanceOf(DeliveryOutcome.Delivered.class);
    }

    @Test
    void aRefusalIsDeadLetteredWithAwssCodeAndMessage() throws Exception {
        String denied = """
                <ErrorResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/">
                  <Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>User: \
                arn:aws:iam::123456789012:user/flowsight is not authorized to perform: SNS:Publish on resource: \
                arn:aws:sns:eu-west-1:123456789012:flowsight-alerts</Message></Error>
                </ErrorResponse>""";
        sns.answer(Response.of(403, denied));

        DeliveryOutcome outcome = OneDestination.deliver(receiver(TOPIC), SampleAlerts.portScan(), time);

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.DeadLetter.class, dead -> {
            assertThat(dead.reason()).isEqualTo(DeliveryOutcome.Reason.REJECTED);
            assertThat(dead.lastStatus()).isEqualTo(OptionalInt.of(403));
            assertThat(dead.bodyExcerpt()).isEqualTo(denied);
            assertThat(dead.explanation()).isEqualTo("SNS refused the request with HTTP 403 (AuthorizationError: "
                    + "User: arn:aws:iam::123456789012:user/flowsight is not authorized to perform: SNS:Publish on "
                    + "resource: arn:aws:sns:eu-west-1:123456789012:flowsight-alerts); sending it again would not "
                    + "change that: check topic-arn, and that the credentials' principal may sns:Publish to it (and "
                    + "use the topic's KMS key, if it is encrypted).");
        });
        assertThat(sns.requests()).hasSize(1);
    }

    @Test
    void credentialsAreResolvedForEveryAttemptSoExpiringOnesAreRefreshed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AwsCredentialsSource rotating = AwsCredentialsSource.of(() -> {
            int n = calls.incrementAndGet();
            return AwsSessionCredentials.create("ASIAEXAMPLE" + n, SECRET + n, "session-token-" + n);
        }, "a rotating test provider");
        sns.answer(Response.of(500, ""), Response.of(200, PUBLISHED));

        OneDestination.deliver(receiver(TOPIC, rotating), SampleAlerts.portScan(), time);

        List<Request> requests = sns.requests();
        assertThat(requests).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Request request = requests.get(i);
            int n = i + 1;
            assertThat(request.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE" + n
                    + "/20260302/eu-west-1/sns/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;"
                    + "x-amz-date;x-amz-security-token, Signature=");
            assertThat(request.header("X-Amz-Security-Token")).isEqualTo("session-token-" + n);
            assertThat(SigV4Verifier.verify(request, SECRET + n)).isTrue();
        }
    }

    @Test
    void credentialsThatCannotBeFetchedFailTheAttemptWhichIsRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AwsCredentialsSource flaky = AwsCredentialsSource.of(() -> {
            if (calls.incrementAndGet() == 1) {
                throw SdkClientException.create("Failed to load credentials from IMDS.");
            }
            return AwsSessionCredentials.create("ASIAEXAMPLE", SECRET, "token");
        }, "the instance role");
        sns.answer(Response.of(200, PUBLISHED));

        DeliveryOutcome outcome = OneDestination.deliver(receiver(TOPIC, flaky), SampleAlerts.portScan(), time);

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class,
                delivered -> assertThat(delivered.attempts()).isEqualTo(2));
        assertThat(sns.requests()).hasSize(1);
    }

    @Test
    void credentialsThatNeverComeAreDeadLetteredSayingSo() throws Exception {
        AwsCredentialsSource none = AwsCredentialsSource.of(() -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain.");
        }, "the AWS default credentials chain");

        DeliveryOutcome outcome = OneDestination.deliver(receiver(TOPIC, none), SampleAlerts.portScan(), time);

        assertThat(outcome).isInstanceOfSatisfying(DeliveryOutcome.DeadLetter.class, dead -> {
            assertThat(dead.reason()).isEqualTo(DeliveryOutcome.Reason.ATTEMPTS_EXHAUSTED);
            assertThat(dead.lastStatus()).isEmpty();
            assertThat(dead.explanation()).isEqualTo("Gave up after 8 attempts; the last one failed with cannot get "
                    + "AWS credentials from the AWS default credentials chain: Unable to load credentials from any of "
                    + "the providers in the chain.");
        });
        assertThat(sns.requests()).isEmpty();
    }

    @Test
    void theDefaultEndpointIsSnsInTheTopicsRegionAndPartition() {
        assertThat(SnsReceiver.defaultEndpoint(SnsTopicArn.parse(TOPIC)))
                .isEqualTo(URI.create("https://sns.eu-west-1.amazonaws.com/"));
        assertThat(SnsReceiver.defaultEndpoint(SnsTopicArn.parse("arn:aws-cn:sns:cn-north-1:123456789012:alerts")))
                .isEqualTo(URI.create("https://sns.cn-north-1.amazonaws.com.cn/"));
    }

    @Test
    void topicArnsAreCheckedForServiceRegionAccountNameAndPartition() {
        SnsTopicArn fifo = SnsTopicArn.parse("arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts.fifo");
        assertThat(fifo.isFifo()).isTrue();
        assertThat(fifo.region()).isEqualTo(AwsRegion.of("us-gov-west-1"));
        assertThat(fifo).hasToString("arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts.fifo");
        assertThat(SnsTopicArn.parse(TOPIC).isFifo()).isFalse();
        for (String wrong : List.of("arn:aws:sqs:eu-west-1:123456789012:alerts", "arn:aws:sns:eu-west-1:12345:alerts",
                "arn:aws:sns:eu-west-1:123456789012:alerts/x", "arn:aws:sns:eu-west-1:123456789012:",
                "flowsight-alerts", "arn:aws:sns:EU-WEST-1:123456789012:alerts")) {
            assertThat(catchThrowable(() -> SnsTopicArn.parse(wrong)))
                    .as(wrong).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(catchThrowable(() ->
                SnsTopicArn.parse("arn:aws:sns:cn-north-1:123456789012:alerts"))).hasMessage("puts region cn-north-1 "
                + "in partition aws, but cn-north-1 is in aws-cn: copy the ARN from the topic's page in the console");
    }

    @Test
    void theCredentialsNeverShowInTheReceiversDescription() {
        assertThat(receiver(TOPIC).toString()).doesNotContain(SECRET).doesNotContain(ACCESS_KEY_ID)
                .contains("static AWS access keys");
    }
}
