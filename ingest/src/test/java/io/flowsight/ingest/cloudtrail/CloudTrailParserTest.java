package io.flowsight.ingest.cloudtrail;

import io.flowsight.ingest.parse.ParseException;
import io.flowsight.ingest.parse.RejectReason;
import io.flowsight.schemas.CloudTrailEvent;
import io.flowsight.schemas.CloudTrailResource;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudTrailParserTest {
    /** The AccessDenied example shape of the CloudTrail user guide, reduced to the fields under test. */
    static final String EVENT = """
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE",
              "arn":"arn:aws:iam::111122223333:user/anaya","accountId":"111122223333","userName":"anaya",
              "sessionContext":{"attributes":{"creationDate":"2022-11-10T16:00:00Z","mfaAuthenticated":"false"},
                "sessionIssuer":{}, "webIdFederationData":{}}},
             "eventTime":"2022-11-10T16:24:34Z","eventSource":"s3.amazonaws.com","eventName":"GetObject",
             "awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9","userAgent":"aws-cli/2",
             "errorCode":"AccessDenied","errorMessage":"Access Denied",
             "requestParameters":{"bucketName":"b","key":"k"},"responseElements":null,
             "requestID":"R1","eventID":"E1","readOnly":true,
             "resources":[{"ARN":"arn:aws:s3:::b/k","type":"AWS::S3::Object"},{"accountId":"111122223333","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::b"}],
             "eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333",
             "tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"b.s3.amazonaws.com"},
             "eventCategory":"Data","someFutureField":{"x":1}}""";

    final CloudTrailParser parser = new CloudTrailParser();

    @Test
    void anS3LogFileSplitsIntoItsRecords() throws Exception {
        CloudTrailParser.Document document = parser.parseDocument("{\"Records\":[" + EVENT + "," + EVENT + "]}");
        assertThat(document.digest()).isFalse();
        assertThat(document.events()).hasSize(2).allSatisfy(o -> assertThat(o.parsed()).isTrue());
    }

    @Test
    void columnsFollowTheAthenaDdl() throws Exception {
        CloudTrailEvent event = parser.parseDocument(EVENT).events().get(0).event();
        assertThat(event.getSourceipaddress()).isEqualTo("203.0.113.9");
        assertThat(event.getErrorcode()).isEqualTo("AccessDenied");
        assertThat(event.getRequestid()).isEqualTo("R1");
        assertThat(event.getReadonly()).isEqualTo("true");
        assertThat(event.getManagementevent()).isFalse();
        assertThat(event.getRequestparameters()).isEqualTo("{\"bucketName\":\"b\",\"key\":\"k\"}");
        assertThat(event.getResponseelements()).isNull();
        assertThat(event.getUseridentity().getArn()).isEqualTo("arn:aws:iam::111122223333:user/anaya");
        assertThat(event.getUseridentity().getSessioncontext().getAttributes().getMfaauthenticated()).isEqualTo("false");
        assertThat(event.getResources()).containsExactly(
                new CloudTrailResource("arn:aws:s3:::b/k", null, "AWS::S3::Object"),
                new CloudTrailResource("arn:aws:s3:::b", "111122223333", "AWS::S3::Bucket"));
        assertThat(event.getTlsdetails().getTlsversion()).isEqualTo("TLSv1.3");
        assertThat(event.getEventcategory()).isEqualTo("Data");
        assertThat(event.getEventTime()).isEqualTo(Instant.parse("2022-11-10T16:24:34Z"));
    }

    @Test
    void anEventBridgeEventIsUnwrapped() throws Exception {
        String eventBridge = "{\"version\":\"0\",\"id\":\"x\",\"detail-type\":\"AWS API Call via CloudTrail\","
                + "\"source\":\"aws.s3\",\"account\":\"111122223333\",\"time\":\"2022-11-10T16:24:35Z\","
                + "\"region\":\"us-east-1\",\"resources\":[],\"detail\":" + EVENT + "}";
        CloudTrailEvent event = parser.parseDocument(eventBridge).events().get(0).event();
        assertThat(event.getEventname()).isEqualTo("GetObject");
        assertThat(event.getEventTime()).isEqualTo(Instant.parse("2022-11-10T16:24:34Z"));
    }

    @Test
    void aServiceEventWithoutAnIdentityTypeParses() throws Exception {
        CloudTrailEvent event = parser.parseDocument("""
                {"eventVersion":"1.08","userIdentity":{"accountId":"111122223333","invokedBy":"AWS Internal"},
                 "eventTime":"2019-06-02T00:06:08Z","eventSource":"kms.amazonaws.com","eventName":"RotateKey",
                 "eventType":"AwsServiceEvent","serviceEventDetails":{"keyId":"k"}}""").events().get(0).event();
        assertThat(event.getUseridentity().getType()).isNull();
        assertThat(event.getUseridentity().getInvokedby()).isEqualTo("AWS Internal");
        assertThat(event.getServiceeventdetails()).isEqualTo("{\"keyId\":\"k\"}");
    }

    @Test
    void oneBadEventDoesNotSpoilTheFile() throws Exception {
        CloudTrailParser.Document document = parser.parseDocument(
                "{\"Records\":[" + EVENT + ",{\"eventTime\":\"yesterday\",\"eventID\":\"E2\"}, 42]}");
        assertThat(document.events()).extracting(CloudTrailParser.Outcome::parsed).containsExactly(true, false, false);
        assertThat(document.events().get(1).error().getMessage())
                .isEqualTo("eventTime must be an ISO-8601 UTC time such as 2020-09-14T01:19:40Z, not 'yesterday'.");
        assertThat(document.events().get(2).error().reason()).isEqualTo(RejectReason.BAD_JSON);
        assertThat(document.events().get(2).json()).isEqualTo("42");
    }

    @Test
    void exportTimesWithASpaceAreUtc() throws Exception {
        CloudTrailEvent event = parser.parseDocument(EVENT.replace("2022-11-10T16:24:34Z", "2022-11-10 16:24:34.123456789"))
                .events().get(0).event();
        assertThat(event.getEventTime()).isEqualTo(Instant.parse("2022-11-10T16:24:34.123Z"));
    }

    @Test
    void textThatIsNotJsonIsRejectedWithItsPosition() {
        assertThatThrownBy(() -> parser.parseDocument("{\"Records\": [ {\"eventTime\": }"))
                .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_JSON))
                .hasMessageContaining("line 1, column");
    }

    @Test
    void jsonLinesAreReadLineByLineAndABadLineSpoilsOnlyItself() throws Exception {
        String oneLine = EVENT.replace("\n", "");
        CloudTrailParser.Document document = parser.parseDocument(oneLine + "\n{not json\n\n" + oneLine + "\n");
        assertThat(document.events()).extracting(CloudTrailParser.Outcome::index).containsExactly(0, 1, 3);
        assertThat(document.events()).extracting(CloudTrailParser.Outcome::parsed).containsExactly(true, false, true);
        assertThat(document.events().get(1).error().reason()).isEqualTo(RejectReason.BAD_JSON);
        assertThat(document.events().get(1).json()).isEqualTo("{not json");
    }

    @Test
    void digestFilesAreRecognised() throws Exception {
        CloudTrailParser.Document document = parser.parseDocument("{\"awsAccountId\":\"1\",\"digestStartTime\":"
                + "\"2019-06-10T17:00:00Z\",\"digestEndTime\":\"2019-06-10T18:00:00Z\",\"logFiles\":[]}");
        assertThat(document.digest()).isTrue();
        assertThat(document.events()).isEmpty();
    }
}
