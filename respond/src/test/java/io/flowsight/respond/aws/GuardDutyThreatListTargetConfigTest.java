package io.flowsight.respond.aws;

import io.flowsight.aws.S3Location;
import io.flowsight.aws.signing.AwsCredentialsSource;
import io.flowsight.aws.signing.AwsRegion;
import io.flowsight.respond.service.BlocklistTargets;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class GuardDutyThreatListTargetConfigTest {
    private static final String DETECTOR = "12abc34d567e8fa901bc2d34e56789f0";
    private static final String SET = "0f3c7e1a5b2d4e8f9a6b1c2d3e4f5a6b";

    @Test
    void theDefaults() {
        GuardDutyThreatListTargetConfig config = GuardDutyThreatListTargetConfig.builder("guardduty")
                .list("s3://threat-lists/flowsight/threats.txt").detectorId(DETECTOR).threatIntelSetId(SET)
                .region("eu-west-1").build();

        assertThat(config).isEqualTo(new GuardDutyThreatListTargetConfig("guardduty",
                new S3Location("threat-lists", "flowsight/threats.txt"), AwsRegion.of("eu-west-1"), DETECTOR, SET,
                URI.create("https://guardduty.eu-west-1.amazonaws.com/"), AwsCredentialsSource.defaultChain(),
                Duration.ofMinutes(5)));
        assertThat(GuardDutyThreatListTarget.PASS_INTERVAL).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void everySettingMapped() {
        GuardDutyThreatListTargetConfig config = GuardDutyThreatListTargetConfig.builder(" threats ")
                .list(" s3://threat-lists/threats.txt ").detectorId(" " + DETECTOR + " ").threatIntelSetId(SET)
                .region("cn-north-1").endpoint("https://vpce-0a1b.guardduty.cn-north-1.vpce.amazonaws.com.cn")
                .credentials(AwsCredentialsSource.staticKeys("AKIDEXAMPLE", "wJalrXUtnFEMI"))
                .reconcileInterval(Duration.ofMinutes(2)).build();

        assertThat(config).isEqualTo(new GuardDutyThreatListTargetConfig("threats",
                new S3Location("threat-lists", "threats.txt"), AwsRegion.of("cn-north-1"), DETECTOR, SET,
                URI.create("https://vpce-0a1b.guardduty.cn-north-1.vpce.amazonaws.com.cn/"),
                AwsCredentialsSource.staticKeys("AKIDEXAMPLE", "wJalrXUtnFEMI"), Duration.ofMinutes(2)));
        assertThat(config.threatIntelSetPath()).isEqualTo("/detector/" + DETECTOR + "/threatintelset/" + SET);
    }

    @Test
    void everyMistakeIsOneSentenceNamingTheSettingAndTheFix() {
        TargetConfigException e = catchThrowableOfType(TargetConfigException.class, () ->
                GuardDutyThreatListTargetConfig.builder("threats").list("https://threat-lists/threats.txt")
                        .detectorId("detector/1").region("Ireland").endpoint("ftp://example.com")
                        .reconcileInterval(Duration.ofSeconds(1)).build());

        assertThat(e.problems()).containsExactly(
                "GuardDuty target \"threats\": list \"https://threat-lists/threats.txt\" is not an S3 object: write "
                        + "it like s3://my-bucket/flowsight/threats.txt, the object the threat intel set reads.",
                "GuardDuty target \"threats\": detector-id \"detector/1\" is not a GuardDuty id: it is letters and "
                        + "digits, like 12abc34d567e8fa901bc2d34e56789f0; set the id of the GuardDuty detector whose "
                        + "threat intel set reads the list (the console shows it under Settings).",
                "GuardDuty target \"threats\": threat-intel-set-id is missing: set the id of the threat intel set "
                        + "created with the list as its location (aws guardduty list-threat-intel-sets shows it).",
                "GuardDuty target \"threats\": region \"Ireland\" is not an AWS region name: write it like "
                        + "eu-west-1.",
                "GuardDuty target \"threats\": endpoint \"ftp://example.com\" is not an http(s) URL of a host: write "
                        + "it like https://vpce-0123.wafv2.eu-west-1.vpce.amazonaws.com or http://127.0.0.1:4566.",
                "GuardDuty target \"threats\": reconcile-interval PT1S is shorter than 10 seconds: AWS's APIs are "
                        + "not meant to be read that often; use minutes (default 5 minutes).");
        assertThat(e).hasMessage(String.join(" ", e.problems()));
    }

    @Test
    void aListWithoutAKeyIsRefused() {
        assertThat(problems(GuardDutyThreatListTargetConfig.builder("threats").list("s3://threat-lists/flowsight/")
                .detectorId(DETECTOR).threatIntelSetId(SET).region("eu-west-1"))).containsExactly(
                "GuardDuty target \"threats\": list \"s3://threat-lists/flowsight/\" names no object: give the key "
                        + "the threat intel set reads, e.g. s3://threat-lists/flowsight/threats.txt.");
    }

    @Test
    void theSettingsWithoutTheDetectorTheSetAndTheRegionSayWhatToSet() {
        TargetConfigException e = catchThrowableOfType(TargetConfigException.class, () -> BlocklistTargets.from(
                Map.of(BlocklistTargets.GUARDDUTY_LIST_CONFIG, "s3://threat-lists/flowsight/threats.txt")));

        assertThat(e.problems()).containsExactly(
                "GuardDuty target \"guardduty\": detector-id is missing: set the id of the GuardDuty detector whose "
                        + "threat intel set reads the list (the console shows it under Settings).",
                "GuardDuty target \"guardduty\": threat-intel-set-id is missing: set the id of the threat intel set "
                        + "created with the list as its location (aws guardduty list-threat-intel-sets shows it).",
                "GuardDuty target \"guardduty\": region is missing: set the AWS region of the target, e.g. "
                        + "eu-west-1.");
    }

    @Test
    void withoutTheListThereIsNoGuardDutyTarget() {
        assertThat(BlocklistTargets.from(Map.of(BlocklistTargets.GUARDDUTY_DETECTOR_CONFIG, DETECTOR,
                BlocklistTargets.GUARDDUTY_THREAT_INTEL_SET_CONFIG, SET))).isEmpty();
    }

    private static List<String> problems(GuardDutyThreatListTargetConfig.Builder builder) {
        return catchThrowableOfType(TargetConfigException.class, builder::build).problems();
    }
}
