package io.flowsight.respond.service;

import io.flowsight.aws.AwsClientConfig;
import io.flowsight.respond.aws.AwsBlocklistTarget;
import io.flowsight.respond.aws.GuardDutyThreatListTarget;
import io.flowsight.respond.aws.GuardDutyThreatListTargetConfig;
import io.flowsight.respond.aws.NetworkAclTarget;
import io.flowsight.respond.aws.NetworkAclTargetConfig;
import io.flowsight.respond.aws.WafIpSetTarget;
import io.flowsight.respond.aws.WafIpSetTargetConfig;
import io.flowsight.respond.file.BlocklistFileFormat;
import io.flowsight.respond.file.FileBlocklistTarget;
import io.flowsight.respond.policy.BlocklistTarget;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The targets the blocklist is applied to, as {@code flowsight.respond.*} settings name them: a file, an AWS WAF IP
 * set pair, a VPC network ACL, a GuardDuty threat list. A target is configured by its first key; one without it is
 * not used.
 */
public final class BlocklistTargets {
    public static final String FILE_CONFIG = "flowsight.respond.file";
    public static final String FILE_FORMAT_CONFIG = "flowsight.respond.file.format";
    public static final String WAF_REGION_CONFIG = "flowsight.respond.waf.region";
    public static final String WAF_SCOPE_CONFIG = "flowsight.respond.waf.scope";
    public static final String WAF_IPV4_SET_CONFIG = "flowsight.respond.waf.ipv4.set.arn";
    public static final String WAF_IPV6_SET_CONFIG = "flowsight.respond.waf.ipv6.set.arn";
    /** Another endpoint than the region's (a VPC interface endpoint, a FIPS endpoint); default: the region's. */
    public static final String WAF_ENDPOINT_CONFIG = "flowsight.respond.waf.endpoint";
    public static final String NACL_ID_CONFIG = "flowsight.respond.nacl.id";
    public static final String NACL_REGION_CONFIG = "flowsight.respond.nacl.region";
    public static final String NACL_RULES_CONFIG = "flowsight.respond.nacl.rule.numbers";
    /** Another endpoint than the region's EC2 endpoint; default: the region's. */
    public static final String NACL_ENDPOINT_CONFIG = "flowsight.respond.nacl.endpoint";
    /** {@code s3://bucket/key}: the object a GuardDuty threat intel set reads, reached by {@link AwsClientConfig}. */
    public static final String GUARDDUTY_LIST_CONFIG = "flowsight.respond.guardduty.list";
    public static final String GUARDDUTY_DETECTOR_CONFIG = "flowsight.respond.guardduty.detector.id";
    public static final String GUARDDUTY_THREAT_INTEL_SET_CONFIG = "flowsight.respond.guardduty.threat.intel.set.id";
    /** The detector's region; required with the list. */
    public static final String GUARDDUTY_REGION_CONFIG = "flowsight.respond.guardduty.region";
    /** Another endpoint than the region's GuardDuty endpoint; default: the region's. */
    public static final String GUARDDUTY_ENDPOINT_CONFIG = "flowsight.respond.guardduty.endpoint";

    private BlocklistTargets() {
    }

    /**
     * The targets {@code settings} configure, started (the AWS ones begin their reconcile loops).
     *
     * @throws IllegalArgumentException one sentence per mistake
     */
    public static List<BlocklistTarget> from(Map<String, ?> settings) {
        List<BlocklistTarget> targets = new ArrayList<>();
        String file = text(settings, FILE_CONFIG);
        if (file != null) {
            String format = text(settings, FILE_FORMAT_CONFIG);
            BlocklistFileFormat chosen = format == null ? BlocklistFileFormat.PLAIN
                    : BlocklistFileFormat.fromWireName(format.toLowerCase(Locale.ROOT)).orElseThrow(() ->
                    new IllegalArgumentException(FILE_FORMAT_CONFIG + " is '" + format + "'; use plain, csv or "
                            + "guardduty."));
            targets.add(new FileBlocklistTarget(Path.of(file), chosen));
        }
        if (text(settings, WAF_IPV4_SET_CONFIG) != null || text(settings, WAF_IPV6_SET_CONFIG) != null) {
            WafIpSetTargetConfig.Builder waf = WafIpSetTargetConfig.builder("waf")
                    .scope(orElse(text(settings, WAF_SCOPE_CONFIG), "REGIONAL"));
            if (text(settings, WAF_REGION_CONFIG) != null) {
                waf.region(text(settings, WAF_REGION_CONFIG));
            }
            if (text(settings, WAF_IPV4_SET_CONFIG) != null) {
                waf.ipv4SetArn(text(settings, WAF_IPV4_SET_CONFIG));
            }
            if (text(settings, WAF_IPV6_SET_CONFIG) != null) {
                waf.ipv6SetArn(text(settings, WAF_IPV6_SET_CONFIG));
            }
            if (text(settings, WAF_ENDPOINT_CONFIG) != null) {
                waf.endpoint(text(settings, WAF_ENDPOINT_CONFIG));
            }
            targets.add(new AwsBlocklistTarget(WafIpSetTarget.start(waf.build())));
        }
        if (text(settings, NACL_ID_CONFIG) != null) {
            NetworkAclTargetConfig.Builder acl = NetworkAclTargetConfig.builder("nacl")
                    .networkAclId(text(settings, NACL_ID_CONFIG))
                    .ruleNumbers(orElse(text(settings, NACL_RULES_CONFIG), "71-80"));
            if (text(settings, NACL_REGION_CONFIG) != null) {
                acl.region(text(settings, NACL_REGION_CONFIG));
            }
            if (text(settings, NACL_ENDPOINT_CONFIG) != null) {
                acl.endpoint(text(settings, NACL_ENDPOINT_CONFIG));
            }
            targets.add(new AwsBlocklistTarget(NetworkAclTarget.start(acl.build())));
        }
        if (text(settings, GUARDDUTY_LIST_CONFIG) != null) {
            GuardDutyThreatListTargetConfig.Builder guardDuty = GuardDutyThreatListTargetConfig.builder("guardduty")
                    .list(text(settings, GUARDDUTY_LIST_CONFIG))
                    .detectorId(text(settings, GUARDDUTY_DETECTOR_CONFIG))
                    .threatIntelSetId(text(settings, GUARDDUTY_THREAT_INTEL_SET_CONFIG))
                    .region(text(settings, GUARDDUTY_REGION_CONFIG));
            if (text(settings, GUARDDUTY_ENDPOINT_CONFIG) != null) {
                guardDuty.endpoint(text(settings, GUARDDUTY_ENDPOINT_CONFIG));
            }
            GuardDutyThreatListTargetConfig config = guardDuty.build();
            targets.add(new AwsBlocklistTarget(GuardDutyThreatListTarget.start(config,
                    new AwsClientConfig(settings).newS3Client())));
        }
        return targets;
    }

    private static String text(Map<String, ?> settings, String key) {
        Object value = settings.get(key);
        return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).strip();
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
