package io.flowsight.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.flowsight.rules.Rules.cloudTrailRule;
import static io.flowsight.rules.Rules.load;
import static io.flowsight.rules.Rules.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/** Loading: the typed rule, and a refusal by file, line and one sentence for every rule FlowSight cannot take. */
class RuleLoaderTest {

    @Test
    void aRuleLoadsWithEverythingItSaysAboutItself() {
        SigmaRule rule = load("""
                title: CloudTrail Logging Stopped
                id: 0b6f7f8e-0000-4000-8000-000000000001
                name: cloudtrail_stopped
                status: test
                description: A trail was stopped.
                references:
                    - https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html
                author: FlowSight
                tags:
                    - attack.defense-evasion
                    - attack.t1562.008
                logsource:
                    product: aws
                    service: cloudtrail
                detection:
                    selection:
                        eventName: StopLogging
                    condition: selection
                falsepositives:
                    - Planned maintenance
                level: high
                """);
        assertThat(rule.metadata()).isEqualTo(new RuleMetadata("0b6f7f8e-0000-4000-8000-000000000001",
                "cloudtrail_stopped", "CloudTrail Logging Stopped", "test", Level.HIGH, "FlowSight",
                "A trail was stopped.",
                java.util.List.of("https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StopLogging.html"),
                java.util.List.of("attack.defense-evasion", "attack.t1562.008"),
                java.util.List.of("Planned maintenance")));
        assertThat(rule.logSource()).isEqualTo(new LogSource("aws", "cloudtrail", null, SigmaLogSource.AWS_CLOUDTRAIL));
        assertThat(rule.detection().conditionText()).containsExactly("selection");
        assertThat(rule.source()).isEqualTo("test.yml");
        assertThat(rule.line()).isEqualTo(1);
    }

    @Test
    void anUnsupportedModifierIsRefusedByName() {
        assertThat(refusal(cloudTrailRule("""
                selection:
                    userIdentity.arn|cased: requestParameters.userName
                condition: selection""")).toString()).isEqualTo("test.yml:8: The modifier 'cased' in"
                + " 'userIdentity.arn|cased' is not supported by FlowSight (case-sensitive matching is not"
                + " implemented); remove it or the rule.");
    }

    @Test
    void anUnknownModifierIsRefused() {
        assertThat(refusal(cloudTrailRule("""
                selection:
                    eventName|contain: Stop
                condition: selection""")).reason()).isEqualTo("'contain' in 'eventName|contain' is not a Sigma value"
                + " modifier; check its spelling against the specification's modifier list.");
    }

    @Test
    void anUnknownLogSourceIsRefusedNamingIt() {
        Refusal refusal = refusal("""
                title: Whoami
                logsource:
                    category: process_creation
                    product: windows
                detection:
                    selection:
                        Image|endswith: '\\whoami.exe'
                    condition: selection
                """);
        assertThat(refusal.line()).isEqualTo(3);
        assertThat(refusal.reason()).isEqualTo("The logsource product 'windows', category 'process_creation' is not one"
                + " FlowSight reads; it evaluates 'product: aws' with 'service: cloudtrail' (CloudTrail) and"
                + " 'category: webserver' (ALB access logs).");
    }

    @Test
    void aConditionNamingAnUndefinedSelectionIsRefused() {
        assertThat(refusal(cloudTrailRule("""
                selection:
                    eventName: StopLogging
                condition: selection and not filter""")).toString()).isEqualTo("test.yml:9: The condition 'selection"
                + " and not filter' names 'filter', which is not a selection of this detection (it has selection).");
    }

    @Test
    void aPatternMatchingNoSelectionIsRefused() {
        assertThat(refusal(cloudTrailRule("""
                selection:
                    eventName: StopLogging
                condition: selection and not 1 of filter_*""")).reason()).isEqualTo("The condition 'selection and not"
                + " 1 of filter_*' says 'of filter_*', which names no selection of this detection (it has selection).");
    }

    @Test
    void theDeprecatedAggregationSyntaxIsRefused() {
        assertThat(refusal(cloudTrailRule("""
                selection:
                    eventName: ConsoleLogin
                condition: selection | count() by sourceIPAddress > 5""")).reason()).isEqualTo("The condition"
                + " 'selection | count() by sourceIPAddress > 5' uses the deprecated aggregation syntax ('|'); express"
                + " counting as a Sigma correlation rule.");
    }

    @Test
    void anUnbalancedParenthesisIsRefused() {
        assertThat(refusal(cloudTrailRule("""
                a:
                    eventName: StopLogging
                b:
                    eventName: DeleteTrail
                condition: (a or b""")).reason()).isEqualTo("The condition '(a or b' has a '(' that is never closed.");
    }

    @Test
    void aFieldCloudTrailRecordsDoNotHaveIsRefused() {
        assertThat(refusal(cloudTrailRule("""
                selection:
                    status: success
                condition: selection""")).reason()).isEqualTo("The field 'status' is not a CloudTrail record field"
                + " (FlowSight keeps eventSource, eventName, userIdentity, requestParameters, responseElements, errorCode"
                + " and the other CloudTrail fields); correct the name.");
        assertThat(refusal(cloudTrailRule("""
                selection:
                    userIdentity.onBehalfOf.userId: x
                condition: selection""")).reason()).isEqualTo("The field 'userIdentity.onBehalfOf.userId' is not kept in"
                + " FlowSight's CloudTrail records (there is no 'useridentity.onbehalfof'); name a field the record has.");
    }

    @Test
    void keywordsAreRefusedForCloudTrail() {
        assertThat(refusal(cloudTrailRule("""
                keywords:
                    - StopLogging
                condition: keywords""")).reason()).isEqualTo("'keywords' is a keyword search (values without a field):"
                + " FlowSight does not search keywords in CloudTrail events, which are structured records; name the"
                + " field to search, e.g. 'requestParameters|contains'.");
    }

    @Test
    void nullAmongOtherValuesIsRefusedAsTheSpecificationSays() {
        assertThat(refusal(cloudTrailRule("""
                selection:
                    errorCode:
                        - Success
                        - null
                condition: selection""")).reason()).isEqualTo("'errorCode' lists null among other values, which the"
                + " Sigma specification forbids; test null in a selection of its own.");
    }

    @Test
    void anInvalidRegularExpressionIsRefused() {
        assertThat(refusal(cloudTrailRule("""
                selection:
                    userAgent|re: '(?<=python)x'
                condition: selection""")).reason()).startsWith("The regular expression '(?<=python)x' in 'userAgent|re'"
                + " is not valid for RE2 (");
    }

    @Test
    void aRepeatedKeyIsRefusedRatherThanSilentlyDroppingASelection() {
        assertThat(refusal(cloudTrailRule("""
                selection:
                    eventName: StopLogging
                selection:
                    eventName: DeleteTrail
                condition: selection""")).toString()).isEqualTo("test.yml:9: The key 'selection' is written twice in"
                + " one mapping (first on line 7); YAML keeps only one of them, so merge them or rename one.");
    }

    @Test
    void invalidYamlIsRefusedWithItsLine() {
        Refusal refusal = new RuleLoader().load("bad.yml", "title: x\ndetection: [unclosed\n").refusals().get(0);
        assertThat(refusal.source()).isEqualTo("bad.yml");
        assertThat(refusal.line()).isEqualTo(2);
        assertThat(refusal.reason()).startsWith("The file is not valid YAML (").endsWith("); fix the YAML syntax.");
    }

    @Test
    void aMissingConditionIsRefused() {
        assertThat(refusal(cloudTrailRule("""
                selection:
                    eventName: StopLogging""")).toString()).isEqualTo("test.yml:6: The detection has no 'condition'; add"
                + " one naming the selections that must match, e.g. 'condition: selection'.");
    }

    @Test
    void aDirectoryLoadsEveryRuleItCanAndReportsTheOthers(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("a_good.yml"), cloudTrailRule("""
                selection:
                    eventName: StopLogging
                condition: selection"""));
        Files.writeString(directory.resolve("b_bad.yml"), "title: [");
        Files.createDirectories(directory.resolve("nested"));
        Files.writeString(directory.resolve("nested/c_two_rules.yaml"), cloudTrailRule("""
                selection:
                    eventName: DeleteTrail
                condition: selection""") + "---\n" + cloudTrailRule("""
                selection:
                    eventName|cased: DeleteTrail
                condition: selection"""));
        Files.writeString(directory.resolve("notes.txt"), "not a rule");
        RuleSet set = new RuleLoader().loadDirectory(directory);
        assertThat(set.rules()).extracting(rule -> rule.detection().selections().get(0).alternatives().get(0).get(0)
                .field().orElseThrow().name()).containsExactly("eventName", "eventName");
        assertThat(set.rules()).extracting(SigmaRule::line).containsExactly(1, 1);
        assertThat(set.refusals()).extracting(refusal -> directory.relativize(Path.of(refusal.source())) + ":"
                + refusal.line()).containsExactly("b_bad.yml:1", "nested/c_two_rules.yaml:19");
        assertThat(set.refusals().get(1).reason()).startsWith("The modifier 'cased' in 'eventName|cased'");
    }
}
