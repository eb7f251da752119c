package io.flowsight.ingest.s3;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3NotificationMessagesTest {
    private static final String FLOW_KEY = "AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/22/"
            + "123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d4e5f67890_20261122T1005Z_e5194800.log.gz";
    private static final String S3_EVENT = """
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
              "eventTime":"2026-11-22T10:05:31.123Z","eventName":"ObjectCreated:Put",
              "userIdentity":{"principalId":"AWS:AIDAEXAMPLE"},
              "s3":{"s3SchemaVersion":"1.0","configurationId":"flow-logs",
                "bucket":{"name":"central-logs","arn":"arn:aws:s3:::central-logs"},
                "object":{"key":"%s","size":20480,"eTag":"9b2cf535f27731c974343645a3985328",
                  "versionId":"3HL4kqtJlcpXroDTDmjVBH40Nrjfkd","sequencer":"0055AED6DCD90281E5"}}}]}""";

    private final S3NotificationMessages messages = new S3NotificationMessages();

    @Test
    void anS3EventNotificationNamesItsObjectsWithDecodedKeys() {
        String encoded = FLOW_KEY.replace("/", "%2F");
        S3NotificationMessages.Message message = messages.read(S3_EVENT.formatted(encoded));
        assertThat(message.testEvent()).isFalse();
        assertThat(message.created()).containsExactly(new S3ObjectNotification("central-logs", FLOW_KEY,
                Optional.of("3HL4kqtJlcpXroDTDmjVBH40Nrjfkd"), Optional.of("9b2cf535f27731c974343645a3985328"), 20480,
                Instant.parse("2026-11-22T10:05:31.123Z")));
        assertThat(S3ObjectSource.of(null, message.created().get(0)).id())
                .as("known by ETag, as a listing knows it").isEqualTo("s3:central-logs/" + FLOW_KEY + "#9b2cf535f27731c974343645a3985328");
    }

    @Test
    void plusIsASpaceAndPercentEscapesAreDecoded() {
        S3NotificationMessages.Message message = messages.read(S3_EVENT.formatted("logs/red+flower%3A1%2B1.log"));
        assertThat(message.created().get(0).key()).isEqualTo("logs/red flower:1+1.log");
    }

    @Test
    void theSameEventWrappedBySnsReadsTheSame() throws Exception {
        String inner = S3_EVENT.formatted("a%2Fb.log.gz");
        String sns = "{\"Type\":\"Notification\",\"MessageId\":\"22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\","
                + "\"TopicArn\":\"arn:aws:sns:us-east-1:123456789012:log-objects\",\"Subject\":\"Amazon S3 Notification\","
                + "\"Message\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(inner)
                + ",\"Timestamp\":\"2026-11-22T10:05:32.000Z\",\"SignatureVersion\":\"1\"}";
        assertThat(messages.read(sns).created()).extracting(S3ObjectNotification::key).containsExactly("a/b.log.gz");
    }

    @Test
    void anEventBridgeObjectCreatedEvent() {
        String event = """
                {"version":"0","id":"17793124-05d4-b198-2fde-7ededc63b103","detail-type":"Object Created",
                 "source":"aws.s3","account":"123456789012","time":"2026-11-22T10:05:31Z","region":"us-east-1",
                 "resources":["arn:aws:s3:::central-logs"],
                 "detail":{"version":"0","bucket":{"name":"central-logs"},
                   "object":{"key":"alb/app+1.log.gz","size":5,"etag":"b1946ac92492d2347c6235b4d2611184",
                     "sequencer":"617f08299329d189"},
                   "request-id":"N4N7GDK58NMKJ12R","requester":"123456789012","reason":"PutObject"}}""";
        assertThat(messages.read(event).created()).containsExactly(new S3ObjectNotification("central-logs",
                "alb/app 1.log.gz", Optional.empty(), Optional.of("b1946ac92492d2347c6235b4d2611184"), 5,
                Instant.parse("2026-11-22T10:05:31Z")));
        assertThat(S3ObjectSource.of(null, messages.read(event).created().get(0)).id())
                .isEqualTo("s3:central-logs/alb/app 1.log.gz#b1946ac92492d2347c6235b4d2611184");
    }

    @Test
    void theTestEventAndOtherEventsCarryNoObject() {
        S3NotificationMessages.Message test = messages.read("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\","
                + "\"Time\":\"2026-11-22T10:00:00.000Z\",\"Bucket\":\"central-logs\",\"RequestId\":\"5582815E1AEA5ADF\","
                + "\"HostId\":\"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE\"}");
        assertThat(test.testEvent()).isTrue();
        assertThat(test.created()).isEmpty();
        S3NotificationMessages.Message removed = messages.read(S3_EVENT.formatted("k").replace("ObjectCreated:Put",
                "ObjectRemoved:Delete"));
        assertThat(removed.created()).isEmpty();
        assertThat(removed.otherEvents()).isEqualTo(1);
    }

    @Test
    void aBodyThatIsNoNotificationIsRefusedWithItsReason() {
        assertThatThrownBy(() -> messages.read("hello")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The message body is not JSON");
        assertThatThrownBy(() -> messages.read("{\"foo\":1}")).hasMessageContaining("neither an S3 event notification");
        assertThatThrownBy(() -> messages.read(S3_EVENT.formatted("k").replace("\"eventTime\":\"2026-11-22T10:05:31.123Z\"",
                "\"eventTime\":\"yesterday\""))).hasMessage("The notification's eventTime 'yesterday' is not an ISO-8601 time.");
        assertThatThrownBy(() -> messages.read(S3_EVENT.formatted("bad%zzkey")))
                .hasMessageContaining("is not URL-encoded");
    }
}
