package io.flowsight.rules;

import io.flowsight.rules.fields.CloudTrailFields;
import io.flowsight.rules.fields.FieldPath;
import io.flowsight.schemas.CloudTrailEvent;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Sigma's CloudTrail names over FlowSight's Athena-shaped records. */
class CloudTrailFieldsTest {
    static final CloudTrailEvent AUTHORIZE_INGRESS = CloudTrailJson.event("""
            {"eventVersion": "1.08", "eventTime": "2024-07-31T13:06:24Z", "eventSource": "ec2.amazonaws.com",
             "eventName": "AuthorizeSecurityGroupIngress", "errorCode": null,
             "userIdentity": {"type": "AssumedRole", "arn": "arn:aws:sts::1:assumed-role/admin/bob",
               "sessionContext": {"sessionIssuer": {"type": "Role", "userName": "admin"},
                                  "attributes": {"mfaAuthenticated": "false"}}},
             "requestParameters": {"groupId": "sg-1", "ipPermissions": {"items": [
                 {"ipProtocol": "tcp", "fromPort": 22, "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}, {"cidrIp": "10.0.0.0/8"}]}},
                 {"ipProtocol": "tcp", "fromPort": 443, "ipv6Ranges": {"items": [{"cidrIpv6": "::/0"}]}}]}},
             "responseElements": {"_return": true},
             "resources": [{"ARN": "arn:aws:ec2:eu-west-1:1:security-group/sg-1", "type": "AWS::EC2::SecurityGroup"}]}""");

    private static java.util.List<Object> values(String field) {
        return new CloudTrailFields(AUTHORIZE_INGRESS).values(FieldPath.of(field)).values();
    }

    @Test
    void topLevelNamesResolveCaseInsensitively() {
        assertThat(values("eventSource")).containsExactly("ec2.amazonaws.com");
        assertThat(values("EVENTNAME")).containsExactly("AuthorizeSecurityGroupIngress");
        assertThat(values("eventVersion")).containsExactly("1.08");
    }

    @Test
    void structPathsFollowTheRecord() {
        assertThat(values("userIdentity.arn")).containsExactly("arn:aws:sts::1:assumed-role/admin/bob");
        assertThat(values("userIdentity.sessionContext.sessionIssuer.type")).containsExactly("Role");
        assertThat(values("userIdentity.sessionContext.attributes.mfaAuthenticated")).containsExactly("false");
        assertThat(values("resources.arn")).containsExactly("arn:aws:ec2:eu-west-1:1:security-group/sg-1");
    }

    @Test
    void pathsIntoJsonTextFlattenArrays() {
        assertThat(values("requestParameters.ipPermissions.items.ipRanges.items.cidrIp"))
                .containsExactly("0.0.0.0/0", "10.0.0.0/8");
        assertThat(values("requestParameters.ipPermissions.items.fromPort")).containsExactly("22", "443");
        assertThat(values("requestparameters.IPPERMISSIONS.items.ipv6Ranges.items.cidrIpv6")).containsExactly("::/0");
        assertThat(values("responseElements._return")).containsExactly("true");
    }

    @Test
    void aJsonTextColumnNamedAloneIsItsText() {
        assertThat(values("responseElements")).containsExactly("{\"_return\":true}");
    }

    @Test
    void absentAndNullFieldsHaveNoValue() {
        assertThat(values("errorCode")).isEmpty();
        assertThat(values("requestParameters.nothing.here")).isEmpty();
        assertThat(values("additionalEventData.MFAUsed")).isEmpty();
    }

    @Test
    void jsonTextThatIsNotJsonHasNoSubFields() {
        CloudTrailEvent event = CloudTrailJson.event("{\"eventTime\": \"2024-01-01T00:00:00Z\"}");
        event.setRequestparameters("{not json");
        assertThat(new CloudTrailFields(event).values(FieldPath.of("requestParameters.x")).values()).isEmpty();
        assertThat(new CloudTrailFields(event).values(FieldPath.of("requestParameters")).values())
                .isEqualTo(Arrays.asList("{not json"));
    }
}
