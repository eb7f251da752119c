package io.flowsight.rules;

import io.flowsight.schemas.AlbLogEntry;
import io.flowsight.schemas.CloudTrailEvent;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Test shorthand: one rule from YAML text that must load, and what it matches. */
final class Rules {
    private Rules() {
    }

    static SigmaRule load(String yaml) {
        RuleSet set = new RuleLoader().load("test.yml", yaml);
        assertThat(set.refusals()).as("refusals").isEmpty();
        assertThat(set.rules()).hasSize(1);
        return set.rules().get(0);
    }

    /** The refusal of a rule that must not load. */
    static Refusal refusal(String yaml) {
        RuleSet set = new RuleLoader().load("test.yml", yaml);
        assertThat(set.rules()).as("loaded rules").isEmpty();
        assertThat(set.refusals()).hasSize(1);
        return set.refusals().get(0);
    }

    static boolean matchesCloudTrail(SigmaRule rule, String eventJson) {
        CloudTrailEvent event = CloudTrailJson.event(eventJson);
        return !RuleMatcher.cloudTrail(List.of(rule)).match(event).isEmpty();
    }

    static boolean matchesAlb(SigmaRule rule, AlbLogEntry entry) {
        return !RuleMatcher.alb(List.of(rule)).match(entry).isEmpty();
    }

    /** A CloudTrail rule over {@code detection} (indented by 4, as under 'detection:'). */
    static String cloudTrailRule(String detection) {
        return """
                title: Test rule
                id: 11111111-2222-3333-4444-555555555555
                logsource:
                    product: aws
                    service: cloudtrail
                detection:
                """ + detection.stripIndent().lines().map(line -> "    " + line).reduce("", (a, b) -> a + b + "\n")
                + "level: high\n";
    }

    static String webserverRule(String detection) {
        return """
                title: Test web rule
                logsource:
                    category: webserver
                detection:
                """ + detection.stripIndent().lines().map(line -> "    " + line).reduce("", (a, b) -> a + b + "\n");
    }
}
