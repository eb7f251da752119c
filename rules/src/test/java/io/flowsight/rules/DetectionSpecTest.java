package io.flowsight.rules;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.flowsight.rules.Rules.cloudTrailRule;
import static io.flowsight.rules.Rules.load;
import static io.flowsight.rules.Rules.matchesCloudTrail;
import static org.assertj.core.api.Assertions.assertThat;

/** The Sigma specification's detection semantics, one behaviour per test, over hand-written CloudTrail events. */
class DetectionSpecTest {
    static final String STOP_LOGGING = """
            {"eventTime": "2024-07-31T13:06:24Z", "eventSource": "cloudtrail.amazonaws.com", "eventName": "StopLogging",
             "sourceIPAddress": "86.245.153.234", "userAgent": "aws-cli/2.13.5 Python/3.11.4",
             "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::143434273843:user/christophe"},
             "requestParameters": {"name": "trail-1"}, "responseElements": null}""";

    @Nested
    class Maps {
        @Test
        void everyFieldOfAMapMustMatch() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        eventSource: cloudtrail.amazonaws.com
                        eventName: StopLogging
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, STOP_LOGGING)).isTrue();
            assertThat(matchesCloudTrail(rule, STOP_LOGGING.replace("\"StopLogging\"", "\"StartLogging\""))).isFalse();
        }

        @Test
        void aListOfValuesIsAnOr() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        eventName:
                            - DeleteTrail
                            - StopLogging
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, STOP_LOGGING)).isTrue();
            assertThat(matchesCloudTrail(rule, STOP_LOGGING.replace("StopLogging", "UpdateTrail"))).isFalse();
        }

        @Test
        void aListOfMapsIsAnOrOfAnds() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        - eventName: DeleteTrail
                        - eventName: StopLogging
                          sourceIPAddress: 86.245.153.234
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, STOP_LOGGING)).isTrue();
            assertThat(matchesCloudTrail(rule, STOP_LOGGING.replace("86.245.153.234", "10.0.0.1"))).isFalse();
        }

        @Test
        void stringsMatchCaseInsensitively() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        eventName: stoplogging
                        eventSource: CLOUDTRAIL.AMAZONAWS.COM
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, STOP_LOGGING)).isTrue();
        }

        @Test
        void aValueMatchesTheWholeFieldNotAPart() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        eventName: Stop
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, STOP_LOGGING)).isFalse();
        }

        @Test
        void numbersAndBooleansCompareAsText() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        requestParameters.ipPermissions.items.fromPort: 22
                        requestParameters.dryRun: true
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, """
                    {"eventTime": "2024-01-01T00:00:00Z", "requestParameters": {"dryRun": true,
                     "ipPermissions": {"items": [{"fromPort": 443}, {"fromPort": 22}]}}}""")).isTrue();
        }
    }

    @Nested
    class Wildcards {
        @Test
        void starMatchesAnyRunAndQuestionMarkExactlyOneCharacter() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        eventName: 'Stop*ing'
                        eventSource: 'cloudtrai?.amazonaws.com'
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, STOP_LOGGING)).isTrue();
            assertThat(matchesCloudTrail(rule, STOP_LOGGING.replace("cloudtrail.amazonaws", "cloudtra.amazonaws"))).isFalse();
        }

        @Test
        void escapedWildcardsArePlainCharacters() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        userAgent: 'agent\\*1'
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, "{\"userAgent\": \"agent*1\"}")).isTrue();
            assertThat(matchesCloudTrail(rule, "{\"userAgent\": \"agent-x-1\"}")).isFalse();
        }

        @Test
        void aBackslashNotBeforeAWildcardIsPlainAndADoubledOneBeforeAWildcardIsOneBackslash() {
            SigmaRule single = load(cloudTrailRule("""
                    selection:
                        userAgent: 'C:\\Windows\\tool.exe'
                    condition: selection"""));
            assertThat(matchesCloudTrail(single, "{\"userAgent\": \"C:\\\\Windows\\\\tool.exe\"}")).isTrue();
            SigmaRule beforeStar = load(cloudTrailRule("""
                    selection:
                        userAgent: 'dir\\\\*'
                    condition: selection"""));
            assertThat(matchesCloudTrail(beforeStar, "{\"userAgent\": \"dir\\\\anything\"}")).isTrue();
            assertThat(matchesCloudTrail(beforeStar, "{\"userAgent\": \"dir*\"}")).isFalse();
            SigmaRule threeBackslashes = load(cloudTrailRule("""
                    selection:
                        userAgent: 'dir\\\\\\*'
                    condition: selection"""));
            assertThat(matchesCloudTrail(threeBackslashes, "{\"userAgent\": \"dir\\\\*\"}")).isTrue();
            assertThat(matchesCloudTrail(threeBackslashes, "{\"userAgent\": \"dir\\\\x\"}")).isFalse();
        }
    }

    @Nested
    class FieldReferences {
        static final String KEY_FOR = """
                {"eventSource": "iam.amazonaws.com", "eventName": "CreateAccessKey",
                 "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/alice", "userName": "alice"},
                 "requestParameters": {"userName": "%s"}}""";

        @Test
        void fieldrefComparesTwoFieldsOfTheEventCaseInsensitively() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        eventName: CreateAccessKey
                    filter_self:
                        requestParameters.userName|fieldref: userIdentity.userName
                    condition: selection and not filter_self"""));
            assertThat(matchesCloudTrail(rule, KEY_FOR.formatted("bob"))).isTrue();
            assertThat(matchesCloudTrail(rule, KEY_FOR.formatted("ALICE"))).isFalse();
        }

        @Test
        void fieldrefTakesContainsStartswithAndEndswith() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        userIdentity.arn|fieldref|endswith: requestParameters.userName
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, KEY_FOR.formatted("alice"))).isTrue();
            assertThat(matchesCloudTrail(rule, KEY_FOR.formatted("ali"))).isFalse();
        }

        @Test
        void anAbsentReferencedFieldMatchesNothing() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        requestParameters.userName|fieldref: userIdentity.sessionContext.sessionIssuer.userName
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, KEY_FOR.formatted("alice"))).isFalse();
        }

        @Test
        void fieldrefIsRefusedWithOtherModifiersAndUnknownFields() {
            assertThat(Rules.refusal(cloudTrailRule("""
                    selection:
                        requestParameters.userName|fieldref|re: userIdentity.userName
                    condition: selection""")).reason()).isEqualTo("'requestParameters.userName|fieldref|re' combines"
                    + " 're' with modifiers other than i, m, s and all; put the whole test in the expression.");
            assertThat(Rules.refusal(cloudTrailRule("""
                    selection:
                        requestParameters.userName|fieldref: userIdentity.nickname
                    condition: selection""")).reason()).startsWith("The field 'userIdentity.nickname' is not kept");
        }
    }

    @Nested
    class NullAndExists {
        @Test
        void nullMatchesAnAbsentOrNullField() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        eventName: StopLogging
                    no_error:
                        errorCode: null
                    condition: selection and no_error"""));
            assertThat(matchesCloudTrail(rule, STOP_LOGGING)).isTrue();
            assertThat(matchesCloudTrail(rule, STOP_LOGGING.replace("\"responseElements\": null",
                    "\"errorCode\": \"AccessDenied\""))).isFalse();
        }

        @Test
        void nullInsideJsonTextIsNullToo() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        requestParameters.name: null
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, "{\"requestParameters\": {\"name\": null}}")).isTrue();
            assertThat(matchesCloudTrail(rule, "{\"requestParameters\": {\"other\": 1}}")).isTrue();
            assertThat(matchesCloudTrail(rule, "{\"requestParameters\": {\"name\": \"x\"}}")).isFalse();
        }

        @Test
        void existsTellsPresenceEvenOfANullValue() {
            SigmaRule present = load(cloudTrailRule("""
                    selection:
                        requestParameters.name|exists: true
                    condition: selection"""));
            assertThat(matchesCloudTrail(present, "{\"requestParameters\": {\"name\": null}}")).isTrue();
            assertThat(matchesCloudTrail(present, "{\"requestParameters\": {}}")).isFalse();
            SigmaRule absent = load(cloudTrailRule("""
                    selection:
                        errorCode|exists: false
                    condition: selection"""));
            assertThat(matchesCloudTrail(absent, STOP_LOGGING)).isTrue();
            assertThat(matchesCloudTrail(absent, "{\"errorCode\": \"AccessDenied\"}")).isFalse();
        }

        @Test
        void anEmptyStringMatchesOnlyAnEmptyValue() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        errorMessage: ''
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, "{\"errorMessage\": \"\"}")).isTrue();
            assertThat(matchesCloudTrail(rule, "{\"errorMessage\": \"denied\"}")).isFalse();
            assertThat(matchesCloudTrail(rule, "{}")).isFalse();
        }
    }

    @Nested
    class StringModifiers {
        @Test
        void containsStartswithEndswith() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        userAgent|contains: 'python/3'
                        userAgent|startswith: 'AWS-CLI/'
                        eventSource|endswith: '.amazonaws.com'
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, STOP_LOGGING)).isTrue();
            assertThat(matchesCloudTrail(rule, STOP_LOGGING.replace("aws-cli/2", "boto3/1"))).isFalse();
        }

        @Test
        void containsAStarMatchesAnyPresentValue() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        errorCode|contains: '*'
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, "{\"errorCode\": \"AccessDenied\"}")).isTrue();
            assertThat(matchesCloudTrail(rule, "{\"errorCode\": \"\"}")).isTrue();
            assertThat(matchesCloudTrail(rule, STOP_LOGGING)).isFalse();
        }

        @Test
        void allRequiresEveryValue() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        requestParameters|contains|all:
                            - '"s3:GetObject"'
                            - '"Allow"'
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, "{\"requestParameters\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\"}}"))
                    .isTrue();
            assertThat(matchesCloudTrail(rule, "{\"requestParameters\": {\"Effect\": \"Deny\", \"Action\": \"s3:GetObject\"}}"))
                    .isFalse();
        }

        @Test
        void windashTreatsEveryDashLikeCharacterAsTheSame() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        userAgent|windash|contains: ' -enc '
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, "{\"userAgent\": \"powershell /enc AAAA\"}")).isTrue();
            assertThat(matchesCloudTrail(rule, "{\"userAgent\": \"powershell \u2013enc AAAA\"}")).isTrue();
            assertThat(matchesCloudTrail(rule, "{\"userAgent\": \"powershell enc AAAA\"}")).isFalse();
        }
    }

    @Nested
    class Encodings {
        @Test
        void base64MatchesTheEncodedValue() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        requestParameters.userData|base64: '#!/bin/bash'
                    condition: selection"""));
            // base64("#!/bin/bash") = IyEvYmluL2Jhc2g=
            assertThat(matchesCloudTrail(rule, "{\"requestParameters\": {\"userData\": \"IyEvYmluL2Jhc2g=\"}}")).isTrue();
            assertThat(matchesCloudTrail(rule, "{\"requestParameters\": {\"userData\": \"IyEvYmluL3No\"}}")).isFalse();
        }

        @Test
        void base64offsetFindsTheValueAtAnyOffsetInsideLargerBase64() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        requestParameters.userData|base64offset|contains: 'curl'
                    condition: selection"""));
            // base64 of "curl x", "a curl x" and "ab curl x": the value at offsets 0, 1 (mod 3) and 2.
            assertThat(matchesCloudTrail(rule, "{\"requestParameters\": {\"userData\": \"Y3VybCB4\"}}")).isTrue();
            assertThat(matchesCloudTrail(rule, "{\"requestParameters\": {\"userData\": \"YSBjdXJsIHg=\"}}")).isTrue();
            assertThat(matchesCloudTrail(rule, "{\"requestParameters\": {\"userData\": \"YWIgY3VybCB4\"}}")).isTrue();
            // base64 of "wget x"
            assertThat(matchesCloudTrail(rule, "{\"requestParameters\": {\"userData\": \"d2dldCB4\"}}")).isFalse();
        }
    }

    @Nested
    class RegularExpressions {
        @Test
        void reSearchesCaseSensitivelyUnlessI() {
            SigmaRule sensitive = load(cloudTrailRule("""
                    selection:
                        userIdentity.arn|re: ':user/chris[a-z]+$'
                    condition: selection"""));
            assertThat(matchesCloudTrail(sensitive, STOP_LOGGING)).isTrue();
            assertThat(matchesCloudTrail(sensitive, STOP_LOGGING.replace("user/christophe", "user/Christophe"))).isFalse();
            SigmaRule insensitive = load(cloudTrailRule("""
                    selection:
                        userIdentity.arn|re|i: ':USER/CHRIS'
                    condition: selection"""));
            assertThat(matchesCloudTrail(insensitive, STOP_LOGGING)).isTrue();
        }
    }

    @Nested
    class Networks {
        @Test
        void cidrMatchesIpv4AndIpv6Networks() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        sourceIPAddress|cidr:
                            - 86.245.0.0/16
                            - 2001:db8::/32
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, STOP_LOGGING)).isTrue();
            assertThat(matchesCloudTrail(rule, "{\"sourceIPAddress\": \"2001:db8:0:1::7\"}")).isTrue();
            assertThat(matchesCloudTrail(rule, "{\"sourceIPAddress\": \"2001:db9::7\"}")).isFalse();
            assertThat(matchesCloudTrail(rule, "{\"sourceIPAddress\": \"86.246.0.1\"}")).isFalse();
            assertThat(matchesCloudTrail(rule, "{\"sourceIPAddress\": \"AWS Internal\"}")).isFalse();
        }

        @Test
        void cidrMatchesInsideJsonArrays() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        requestParameters.ipPermissions.items.ipRanges.items.cidrIp|cidr: 0.0.0.0/0
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, """
                    {"requestParameters": {"ipPermissions": {"items": [{"ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}}]}}}"""))
                    .as("0.0.0.0/0 is not an address, so cidr cannot match it").isFalse();
            assertThat(matchesCloudTrail(rule, """
                    {"requestParameters": {"ipPermissions": {"items": [{"ipRanges": {"items": [{"cidrIp": "198.51.100.7"}]}}]}}}"""))
                    .isTrue();
        }
    }

    @Nested
    class Numbers {
        @Test
        void comparisonsCompareNumerically() {
            SigmaRule rule = load(cloudTrailRule("""
                    selection:
                        requestParameters.maxCount|gte: 10
                        requestParameters.minCount|lt: 2.5
                    condition: selection"""));
            assertThat(matchesCloudTrail(rule, "{\"requestParameters\": {\"maxCount\": 10, \"minCount\": 2}}")).isTrue();
            assertThat(matchesCloudTrail(rule, "{\"requestParameters\": {\"maxCount\": 9, \"minCount\": 2}}")).isFalse();
            assertThat(matchesCloudTrail(rule, "{\"requestParameters\": {\"maxCount\": \"many\", \"minCount\": 2}}")).isFalse();
        }
    }

    @Nested
    class Conditions {
        static final String SELECTIONS = """
                sel_stop:
                    eventName: StopLogging
                sel_delete:
                    eventName: DeleteTrail
                filter_cli:
                    userAgent|startswith: 'aws-cli/'
                _private:
                    eventName: StopLogging
                """;

        private boolean matches(String condition, String event) {
            return matchesCloudTrail(load(cloudTrailRule(SELECTIONS + "condition: " + condition)), event);
        }

        @Test
        void andOrNotWithThePrecedenceOfTheSpecification() {
            // not binds tighter than and, and tighter than or: "a or b and not c" is "a or (b and (not c))".
            assertThat(matches("sel_stop or sel_delete and not filter_cli", STOP_LOGGING)).isTrue();
            assertThat(matches("(sel_stop or sel_delete) and not filter_cli", STOP_LOGGING)).isFalse();
            assertThat(matches("not sel_delete and sel_stop", STOP_LOGGING)).isTrue();
        }

        @Test
        void oneOfAndAllOfAPattern() {
            assertThat(matches("1 of sel_*", STOP_LOGGING)).isTrue();
            assertThat(matches("all of sel_*", STOP_LOGGING)).isFalse();
            assertThat(matches("1 of sel_* and not 1 of filter*", STOP_LOGGING)).isFalse();
        }

        @Test
        void themLeavesOutSelectionsStartingWithAnUnderscore() {
            // sel_stop and filter_cli hold, sel_delete does not; _private is not part of "them".
            assertThat(matches("1 of them", STOP_LOGGING)).isTrue();
            assertThat(matches("all of them", STOP_LOGGING)).isFalse();
            assertThat(matches("all of them", STOP_LOGGING.replace("aws-cli/2.13.5", "boto3"))).isFalse();
        }

        @Test
        void aListOfConditionsIsAnOr() {
            SigmaRule rule = load(cloudTrailRule(SELECTIONS + """
                    condition:
                        - sel_delete
                        - sel_stop and filter_cli"""));
            assertThat(matchesCloudTrail(rule, STOP_LOGGING)).isTrue();
        }

        @Test
        void aMatchNamesTheSelectionsTheRecordSatisfies() {
            SigmaRule rule = load(cloudTrailRule(SELECTIONS + "condition: sel_stop and not sel_delete"));
            assertThat(RuleMatcher.cloudTrail(java.util.List.of(rule)).match(CloudTrailJson.event(STOP_LOGGING)))
                    .extracting(RuleMatch::matchedSelections)
                    .containsExactly(java.util.List.of("sel_stop", "filter_cli", "_private"));
        }
    }
}
