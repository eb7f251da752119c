package io.flowsight.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SigmaHQ's own CloudTrail and webserver rules, read in place (Detection Rule License: never copied here): every
 * one loads or is refused with a named reason.
 */
@EnabledIf("io.flowsight.rules.SharedData#present")
class SigmaHqRulesTest {

    static RuleSet cloudTrail() throws IOException {
        return new RuleLoader().loadDirectory(SharedData.path("sigma/rules/cloud/aws/cloudtrail"));
    }

    static RuleSet webserver() throws IOException {
        return new RuleLoader().loadDirectory(SharedData.path("sigma/rules/web/webserver_generic"));
    }

    private static String describe(Refusal refusal) {
        return Path.of(refusal.source()).getFileName() + ":" + refusal.line() + ": " + refusal.reason();
    }

    @Test
    void cloudTrail56LoadAnd1IsRefused() throws IOException {
        RuleSet set = cloudTrail();
        assertThat(set.rules()).hasSize(56);
        assertThat(set.rules()).allSatisfy(rule -> assertThat(rule.logSource().source())
                .isEqualTo(SigmaLogSource.AWS_CLOUDTRAIL));
        assertThat(set.refusals()).extracting(SigmaHqRulesTest::describe).containsExactly(
                "aws_delete_saml_provider.yml:26: The field 'status' is not a CloudTrail record field (FlowSight keeps"
                        + " eventSource, eventName, userIdentity, requestParameters, responseElements, errorCode and"
                        + " the other CloudTrail fields); correct the name.");
        assertThat(set.correlations()).isEmpty();
    }

    @Test
    void webserver12LoadAnd1IsRefused() throws IOException {
        RuleSet set = webserver();
        assertThat(set.rules()).hasSize(12);
        assertThat(set.rules()).allSatisfy(rule -> assertThat(rule.logSource().source())
                .isEqualTo(SigmaLogSource.WEBSERVER));
        assertThat(set.refusals()).extracting(SigmaHqRulesTest::describe).containsExactly(
                "web_webshell_regeorg.yml:25: The webserver field 'cs-referer' has no counterpart in ALB access logs"
                        + " (ALB does not log the Referer header), so the rule cannot be evaluated as written.");
    }

    @Test
    void authorsAndAttackTagsAreKeptForFindings() throws IOException {
        SigmaRule rule = cloudTrail().rules().stream()
                .filter(r -> r.source().endsWith("aws_cloudtrail_disable_logging.yml")).findFirst().orElseThrow();
        assertThat(rule.metadata().author()).isNotBlank();
        assertThat(rule.metadata().tags()).anyMatch(tag -> tag.startsWith("attack.t"));
    }
}
