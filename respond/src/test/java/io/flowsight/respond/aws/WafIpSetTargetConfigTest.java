package io.flowsight.respond.aws;

import io.flowsight.aws.signing.AwsCredentialsSource;
import io.flowsight.aws.signing.AwsRegion;
import io.flowsight.respond.aws.WafIpSetTargetConfig.IpSetRef;
import io.flowsight.respond.aws.WafIpSetTargetConfig.WafScope;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class WafIpSetTargetConfigTest {
    private static final String V4_ID = WafIpSetTargetTest.V4_ID;
    private static final String V6_ID = WafIpSetTargetTest.V6_ID;

    @Test
    void theDefaults() {
        WafIpSetTargetConfig config = WafIpSetTargetConfig.builder("edge").region("eu-west-1")
                .ipv4Set("blocked-v4", V4_ID).build();

        assertThat(config).isEqualTo(new WafIpSetTargetConfig("edge", WafScope.REGIONAL, AwsRegion.of("eu-west-1"),
                Optional.of(new IpSetRef("blocked-v4", V4_ID)), Optional.empty(),
                URI.create("https://wafv2.eu-west-1.amazonaws.com/"), AwsCredentialsSource.defaultChain(),
                Duration.ofMinutes(5)));
    }

    @Test
    void everySettingMapped() {
        WafIpSetTargetConfig config = WafIpSetTargetConfig.builder(" edge ").scope("regional").region("cn-north-1")
                .ipv4Set("blocked-v4", V4_ID).ipv6Set("blocked_v6", V6_ID)
                .endpoint("https://vpce-0a1b.wafv2.cn-north-1.vpce.amazonaws.com.cn")
                .environmentKeys("${WAF_KEY_ID}", "${WAF_SECRET}", Map.of("WAF_KEY_ID", "AKIDEXAMPLE",
                        "WAF_SECRET", "wJalrXUtnFEMI"))
                .reconcileInterval(Duration.ofMinutes(2)).build();

        assertThat(config).isEqualTo(new WafIpSetTargetConfig("edge", WafScope.REGIONAL, AwsRegion.of("cn-north-1"),
                Optional.of(new IpSetRef("blocked-v4", V4_ID)), Optional.of(new IpSetRef("blocked_v6", V6_ID)),
                URI.create("https://vpce-0a1b.wafv2.cn-north-1.vpce.amazonaws.com.cn/"),
                AwsCredentialsSource.staticKeys("AKIDEXAMPLE", "wJalrXUtnFEMI"), Duration.ofMinutes(2)));
        assertThat(config.toString()).doesNotContain("wJalrXUtnFEMI").doesNotContain("AKIDEXAMPLE");
    }

    @Test
    void anArnGivesTheSetsNameIdScopeAndRegion() {
        WafIpSetTargetConfig regional = WafIpSetTargetConfig.builder("edge")
                .ipv4SetArn("arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/blocked-v4/" + V4_ID).build();
        assertThat(regional.scope()).isEqualTo(WafScope.REGIONAL);
        assertThat(regional.region()).isEqualTo(AwsRegion.of("eu-west-1"));
        assertThat(regional.ipv4Set()).contains(new IpSetRef("blocked-v4", V4_ID));

        WafIpSetTargetConfig cloudFront = WafIpSetTargetConfig.builder("cdn").scope("CLOUDFRONT")
                .ipv6SetArn("arn:aws:wafv2:us-east-1:123456789012:global/ipset/blocked-v6/" + V6_ID).build();
        assertThat(cloudFront.region()).isEqualTo(AwsRegion.of("us-east-1"));
        assertThat(cloudFront.ipv6Set()).contains(new IpSetRef("blocked-v6", V6_ID));
        assertThat(cloudFront.endpoint()).isEqualTo(URI.create("https://wafv2.us-east-1.amazonaws.com/"));
    }

    @Test
    void cloudFrontSetsAreInUsEast1WithoutSayingSo() {
        WafIpSetTargetConfig config = WafIpSetTargetConfig.builder("cdn").scope("CLOUDFRONT")
                .ipv4Set("blocked-v4", V4_ID).build();

        assertThat(config.region()).isEqualTo(WafIpSetTargetConfig.CLOUDFRONT_REGION);
    }

    @Test
    void everyMistakeIsOneSentenceNamingTheSettingAndTheFix() {
        TargetConfigException e = catchThrowableOfType(TargetConfigException.class, () ->
                WafIpSetTargetConfig.builder("edge").scope("global").region("Ireland")
                        .ipv4Set("blocked v4", "not-an-id").ipv6SetArn("arn:aws:wafv2:eu-west-1:123:ipset/x")
                        .endpoint("ftp://example.com").reconcileInterval(Duration.ofSeconds(1)).build());

        assertThat(e.problems()).containsExactly(
                "WAF target \"edge\": scope \"global\" is neither REGIONAL nor CLOUDFRONT: use REGIONAL for load "
                        + "balancers and API gateways, CLOUDFRONT for CloudFront distributions.",
                "WAF target \"edge\": ipv6-ip-set-arn \"arn:aws:wafv2:eu-west-1:123:ipset/x\" is not a WAF IP set "
                        + "ARN: it looks like arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/NAME/ID.",
                "WAF target \"edge\": ipv4-ip-set name \"blocked v4\" is not a WAF IP set name: 1 to 128 letters, "
                        + "digits, hyphens and underscores.",
                "WAF target \"edge\": ipv4-ip-set id \"not-an-id\" is not a WAF IP set id: it is 36 characters like "
                        + "0f3c7e1a-5b2d-4e8f-9a6b-1c2d3e4f5a6b (the console shows it on the set's page).",
                "WAF target \"edge\": region \"Ireland\" is not an AWS region name: write it like eu-west-1.",
                "WAF target \"edge\": endpoint \"ftp://example.com\" is not an http(s) URL of a host: write it like "
                        + "https://vpce-0123.wafv2.eu-west-1.vpce.amazonaws.com or http://127.0.0.1:4566.",
                "WAF target \"edge\": reconcile-interval PT1S is shorter than 10 seconds: AWS's APIs are not meant "
                        + "to be read that often; use minutes (default 5 minutes).");
        assertThat(e).hasMessage(String.join(" ", e.problems()));
    }

    @Test
    void setsThatAreMissingHalfGivenOrTheSameAreRefused() {
        assertThat(problems(WafIpSetTargetConfig.builder("edge").region("eu-west-1"))).containsExactly(
                "WAF target \"edge\": No IP set is configured: set ipv4-ip-set or ipv6-ip-set (or both), each by "
                        + "name and id or by ARN.");
        assertThat(problems(WafIpSetTargetConfig.builder("edge").region("eu-west-1").ipv4Set("blocked", null)
                .ipv6Set(null, V6_ID))).containsExactly(
                "WAF target \"edge\": ipv4-ip-set has a name but no id: GetIPSet and UpdateIPSet need both (the "
                        + "console shows the id on the set's page).",
                "WAF target \"edge\": ipv6-ip-set has an id but no name: GetIPSet and UpdateIPSet need both.");
        assertThat(problems(WafIpSetTargetConfig.builder("edge").region("eu-west-1").ipv4Set("blocked", V4_ID)
                .ipv6Set("blocked", V4_ID))).containsExactly(
                "WAF target \"edge\": ipv4-ip-set and ipv6-ip-set are the same set blocked (" + V4_ID + "): an IP set "
                        + "holds one address family, so give each family its own.");
        assertThat(problems(WafIpSetTargetConfig.builder("edge").region("eu-west-1").ipv4Set("blocked", V4_ID)
                .ipv4SetArn("arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/blocked/" + V4_ID)))
                .containsExactly("WAF target \"edge\": ipv4-ip-set is given both by name and id and by ARN: keep one "
                        + "of them.");
    }

    @Test
    void regionsAndScopesThatDisagreeAreRefused() {
        assertThat(problems(WafIpSetTargetConfig.builder("edge").ipv4Set("blocked", V4_ID))).containsExactly(
                "WAF target \"edge\": region is missing: set the AWS region of the REGIONAL IP sets, e.g. eu-west-1.");
        assertThat(problems(WafIpSetTargetConfig.builder("cdn").scope("CLOUDFRONT").region("eu-west-1")
                .ipv4Set("blocked", V4_ID))).containsExactly(
                "WAF target \"cdn\": region is eu-west-1 but CLOUDFRONT IP sets live in us-east-1: set region to "
                        + "us-east-1, or leave it out.");
        assertThat(problems(WafIpSetTargetConfig.builder("edge").region("eu-central-1")
                .ipv4SetArn("arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/blocked/" + V4_ID))).containsExactly(
                "WAF target \"edge\": ipv4-ip-set-arn is in eu-west-1 but the target's region is eu-central-1: both "
                        + "sets of a target are in one region.");
        assertThat(problems(WafIpSetTargetConfig.builder("edge")
                .ipv4SetArn("arn:aws:wafv2:us-east-1:123456789012:global/ipset/blocked/" + V4_ID))).containsExactly(
                "WAF target \"edge\": ipv4-ip-set-arn is a CLOUDFRONT set but scope is REGIONAL: both sets and the "
                        + "scope must agree (an ARN with global/ is CLOUDFRONT).");
        assertThat(problems(WafIpSetTargetConfig.builder("edge")
                .ipv4SetArn("arn:aws-cn:wafv2:eu-west-1:123456789012:regional/ipset/blocked/" + V4_ID)))
                .containsExactly("WAF target \"edge\": ipv4-ip-set-arn \"arn:aws-cn:wafv2:eu-west-1:123456789012:"
                        + "regional/ipset/blocked/" + V4_ID + "\" is in partition aws-cn but its region eu-west-1 is "
                        + "in aws: copy the ARN again from the console.");
    }

    @Test
    void keysAreEnvironmentReferencesNeverTheKeysThemselves() {
        assertThat(problems(WafIpSetTargetConfig.builder("edge").region("eu-west-1").ipv4Set("blocked", V4_ID)
                .environmentKeys("AKIDEXAMPLE", "${WAF_SECRET}", Map.of()))).containsExactly(
                "WAF target \"edge\": access-key-id is not a ${VARIABLE_NAME} reference: put the key in an environment "
                        + "variable and name it here, never the key itself.",
                "WAF target \"edge\": secret-access-key refers to ${WAF_SECRET}, which is not set in the "
                        + "environment.");
        assertThat(problems(WafIpSetTargetConfig.builder("edge").region("eu-west-1").ipv4Set("blocked", V4_ID)
                .environmentKeys("${WAF_KEY_ID}", null, Map.of("WAF_KEY_ID", "AKIDEXAMPLE")))).containsExactly(
                "WAF target \"edge\": secret-access-key is missing: set both access-key-id and secret-access-key "
                        + "(each as ${VARIABLE_NAME}), or neither to use the AWS default credentials chain.");
    }

    @Test
    void aTargetWithoutANameIsRefused() {
        assertThat(problems(WafIpSetTargetConfig.builder(" ").region("eu-west-1").ipv4Set("blocked", V4_ID)))
                .containsExactly("WAF target \"\": name is missing: give the target a name, used in logs and "
                        + "metrics.");
    }

    private static List<String> problems(WafIpSetTargetConfig.Builder builder) {
        return catchThrowableOfType(TargetConfigException.class, builder::build).problems();
    }
}
