package io.flowsight.respond.aws;

import io.flowsight.aws.signing.AwsCredentialsSource;
import io.flowsight.aws.signing.AwsRegion;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class NetworkAclTargetConfigTest {
    private static final String ACL = NetworkAclTargetTest.ACL;

    @Test
    void theDefaults() {
        NetworkAclTargetConfig config = NetworkAclTargetConfig.builder("vpc").region("eu-west-1").networkAclId(ACL)
                .ruleNumbers("71-80").build();

        assertThat(config).isEqualTo(new NetworkAclTargetConfig("vpc", AwsRegion.of("eu-west-1"), ACL, 71, 80,
                URI.create("https://ec2.eu-west-1.amazonaws.com/"), AwsCredentialsSource.defaultChain(),
                Duration.ofMinutes(5)));
        assertThat(config.capacity()).isEqualTo(10);
    }

    @Test
    void everySettingMapped() {
        NetworkAclTargetConfig config = NetworkAclTargetConfig.builder("vpc").region("us-gov-west-1")
                .networkAclId("acl-0a1b2c3d").ruleNumbers(" 5 - 24 ").endpoint("http://127.0.0.1:4566")
                .environmentKeys("${EC2_KEY_ID}", "${EC2_SECRET}", Map.of("EC2_KEY_ID", "AKIDEXAMPLE",
                        "EC2_SECRET", "wJalrXUtnFEMI"))
                .reconcileInterval(Duration.ofMinutes(10)).build();

        assertThat(config).isEqualTo(new NetworkAclTargetConfig("vpc", AwsRegion.of("us-gov-west-1"), "acl-0a1b2c3d",
                5, 24, URI.create("http://127.0.0.1:4566/"), AwsCredentialsSource.staticKeys("AKIDEXAMPLE",
                "wJalrXUtnFEMI"), Duration.ofMinutes(10)));
        assertThat(config.toString()).doesNotContain("wJalrXUtnFEMI").doesNotContain("AKIDEXAMPLE");
    }

    @Test
    void anArnGivesTheAclAndItsRegion() {
        NetworkAclTargetConfig config = NetworkAclTargetConfig.builder("vpc")
                .networkAclArn("arn:aws:ec2:ap-southeast-2:123456789012:network-acl/" + ACL).ruleNumbers(71, 80)
                .build();

        assertThat(config.networkAclId()).isEqualTo(ACL);
        assertThat(config.region()).isEqualTo(AwsRegion.of("ap-southeast-2"));
        assertThat(config.endpoint()).isEqualTo(URI.create("https://ec2.ap-southeast-2.amazonaws.com/"));
    }

    @Test
    void everyMistakeIsOneSentenceNamingTheSettingAndTheFix() {
        TargetConfigException e = catchThrowableOfType(TargetConfigException.class, () ->
                NetworkAclTargetConfig.builder("vpc").region("eu-west").networkAclId("sg-0a1b2c3d")
                        .ruleNumbers("0-10").endpoint("not a url").build());

        assertThat(e.problems()).containsExactly(
                "network ACL target \"vpc\": network-acl-id \"sg-0a1b2c3d\" is not a network ACL id: it is acl- and "
                        + "8 or 17 hexadecimal digits, e.g. acl-0123456789abcdef0.",
                "network ACL target \"vpc\": region \"eu-west\" is not an AWS region name: write it like eu-west-1.",
                "network ACL target \"vpc\": rule-numbers 0-10 is outside 1-32766, the numbers a network ACL entry "
                        + "can have: pick a range below the ACL's allow rules, e.g. 71-80.",
                "network ACL target \"vpc\": endpoint \"not a url\" is not a URL: write it like "
                        + "http://127.0.0.1:4566.");
    }

    @Test
    void ruleRangesThatCannotWorkAreRefused() {
        assertThat(problems(builder().ruleNumbers("80-71"))).containsExactly("network ACL target \"vpc\": "
                + "rule-numbers 80-71 runs backwards: write the lower number first (71-80).");
        assertThat(problems(builder().ruleNumbers("32760-32767"))).containsExactly("network ACL target \"vpc\": "
                + "rule-numbers 32760-32767 is outside 1-32766, the numbers a network ACL entry can have: pick a "
                + "range below the ACL's allow rules, e.g. 71-80.");
        assertThat(problems(builder().ruleNumbers("1-100"))).containsExactly("network ACL target \"vpc\": "
                + "rule-numbers 1-100 spans 100 rules, but a network ACL holds at most 40 inbound rules (20 unless "
                + "the quota was raised): narrow the range.");
        assertThat(problems(builder().ruleNumbers("seventy"))).containsExactly("network ACL target \"vpc\": "
                + "rule-numbers \"seventy\" is not a range: write it like 71-80.");
        assertThat(problems(NetworkAclTargetConfig.builder("vpc").region("eu-west-1").networkAclId(ACL)))
                .containsExactly("network ACL target \"vpc\": rule-numbers is missing: set the range of rule numbers "
                        + "FlowSight may use, below the ACL's allow rules, e.g. 71-80.");
        assertThat(builder().ruleNumbers(32766, 32766).build().capacity()).isEqualTo(1);
    }

    @Test
    void theAclIsNamedOnceAndRightly() {
        assertThat(problems(NetworkAclTargetConfig.builder("vpc").region("eu-west-1").ruleNumbers(71, 80)))
                .containsExactly("network ACL target \"vpc\": network-acl-id is missing: set the id of the network "
                        + "ACL to add deny entries to, e.g. acl-0123456789abcdef0.");
        assertThat(problems(builder().networkAclArn("arn:aws:ec2:eu-west-1:123456789012:network-acl/" + ACL)))
                .containsExactly("network ACL target \"vpc\": network-acl-id and network-acl-arn are both set: keep "
                        + "one of them.");
        assertThat(problems(NetworkAclTargetConfig.builder("vpc").region("eu-central-1").ruleNumbers(71, 80)
                .networkAclArn("arn:aws:ec2:eu-west-1:123456789012:network-acl/" + ACL))).containsExactly(
                "network ACL target \"vpc\": network-acl-arn is in eu-west-1 but region is eu-central-1: set one "
                        + "region, or leave region out.");
        assertThat(problems(NetworkAclTargetConfig.builder("vpc").ruleNumbers(71, 80)
                .networkAclArn("arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0a1b2c3d"))).containsExactly(
                "network ACL target \"vpc\": network-acl-arn \"arn:aws:ec2:eu-west-1:123456789012:security-group/"
                        + "sg-0a1b2c3d\" is not a network ACL ARN: it looks like arn:aws:ec2:eu-west-1:123456789012:"
                        + "network-acl/acl-0123456789abcdef0.");
    }

    private static NetworkAclTargetConfig.Builder builder() {
        return NetworkAclTargetConfig.builder("vpc").region("eu-west-1").networkAclId(ACL).ruleNumbers(71, 80);
    }

    private static List<String> problems(NetworkAclTargetConfig.Builder builder) {
        return catchThrowableOfType(TargetConfigException.class, builder::build).problems();
    }
}
