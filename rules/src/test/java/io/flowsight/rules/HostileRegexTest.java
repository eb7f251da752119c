package io.flowsight.rules;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.flowsight.rules.Rules.cloudTrailRule;
import static io.flowsight.rules.Rules.load;
import static io.flowsight.rules.Rules.matchesCloudTrail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Log fields are attacker-controlled. With java.util.regex, {@code (a+)+$} against a long run of {@code a}s ending
 * in another character backtracks exponentially and would never finish; RE2/J answers in linear time.
 */
class HostileRegexTest {

    @Test
    void aBacktrackingPronePatternOverA100KbHostileLineFinishes() {
        SigmaRule rule = load(cloudTrailRule("""
                selection:
                    userAgent|re: '(a+)+$'
                condition: selection"""));
        String hostile = "a".repeat(100 * 1024) + "!";
        String event = "{\"userAgent\": \"" + hostile + "\"}";
        boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> matchesCloudTrail(rule, event));
        assertThat(matched).isFalse();
        assertThat(matchesCloudTrail(rule, "{\"userAgent\": \"" + "a".repeat(100 * 1024) + "\"}")).isTrue();
    }

    @Test
    void wildcardsOverA100KbHostileLineFinishToo() {
        SigmaRule rule = load(cloudTrailRule("""
                selection:
                    userAgent: '*a*a*a*a*a*a*a*a*b'
                condition: selection"""));
        String event = "{\"userAgent\": \"" + "a".repeat(100 * 1024) + "\"}";
        boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> matchesCloudTrail(rule, event));
        assertThat(matched).isFalse();
    }
}
