package io.flowsight.rules;

import io.flowsight.rules.fields.CloudTrailFields;
import io.flowsight.schemas.CloudTrailEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SigmaHQ's loadable CloudTrail rules over real attacks (Stratus Red Team detonations) and Panther's labelled test
 * events. These are measurements for the closing note, printed to the test's output; the counts are asserted so a
 * change in matching shows up here, but they are no quality bar (FlowSight's own pack is judged later).
 */
@EnabledIf("io.flowsight.rules.SharedData#present")
class SigmaHqOnRealCloudTrailTest {
    /** SigmaHQ's rule that matches every call made with an assumed role: noise on any real trail. */
    static final String ASSUMED_ROLE_RULE = "AWS STS AssumeRole Misuse";
    static RuleMatcher<CloudTrailEvent> matcher;

    @BeforeAll
    static void loadRules() throws IOException {
        matcher = RuleMatcher.cloudTrail(SigmaHqRulesTest.cloudTrail().rules());
    }

    @Test
    void stratusTechniquesMatchedByAtLeastOneRule() {
        Map<String, List<CloudTrailEvent>> techniques = SharedCloudTrail.stratusTechniques();
        Map<String, List<String>> matchedRules = new TreeMap<>();
        for (Map.Entry<String, List<CloudTrailEvent>> technique : techniques.entrySet()) {
            for (CloudTrailEvent event : technique.getValue()) {
                for (RuleMatch match : matcher.match(event)) {
                    List<String> titles = matchedRules.computeIfAbsent(technique.getKey(), t -> new ArrayList<>());
                    if (!titles.contains(match.rule().title())) {
                        titles.add(match.rule().title());
                    }
                }
            }
        }
        System.out.println("Stratus techniques: " + techniques.size() + ", matched by a SigmaHQ rule: " + matchedRules.size());
        matchedRules.forEach((technique, titles) -> System.out.println("  " + technique + " <- " + titles));
        techniques.keySet().stream().filter(t -> !matchedRules.containsKey(t))
                .forEach(t -> System.out.println("  (none) " + t));
        assertThat(techniques).hasSize(35);
        assertThat(matchedRules).hasSize(EXPECTED_STRATUS_TECHNIQUES);
    }

    @Test
    void pantherEventsMatchedByAnyRule() {
        List<SharedCloudTrail.PantherEvent> events = SharedCloudTrail.pantherEvents();
        int matched = 0;
        int matchedByATechniqueRule = 0;
        Map<String, Integer> byRule = new TreeMap<>();
        for (SharedCloudTrail.PantherEvent event : events) {
            List<RuleMatch> matches = matcher.match(event.event());
            if (!matches.isEmpty()) {
                matched++;
            }
            if (matches.stream().anyMatch(match -> !match.rule().title().equals(ASSUMED_ROLE_RULE))) {
                matchedByATechniqueRule++;
            }
            matches.forEach(match -> byRule.merge(match.rule().title(), 1, Integer::sum));
        }
        System.out.println("Panther events: " + events.size() + ", matched by any SigmaHQ rule: " + matched
                + ", by a rule other than '" + ASSUMED_ROLE_RULE + "': " + matchedByATechniqueRule);
        byRule.forEach((title, count) -> System.out.println("  " + count + "  " + title));
        assertThat(events).hasSize(485);
        assertThat(matched).isEqualTo(EXPECTED_PANTHER_MATCHES);
    }

    /** The index only skips rules that cannot match: with it and without it, every event gets the same rules. */
    @Test
    void theIndexChangesNoResult() {
        List<CloudTrailEvent> events = new ArrayList<>();
        SharedCloudTrail.stratusTechniques().values().forEach(events::addAll);
        SharedCloudTrail.pantherEvents().forEach(event -> events.add(event.event()));
        int compared = 0;
        for (CloudTrailEvent event : events) {
            CloudTrailFields fields = new CloudTrailFields(event);
            List<SigmaRule> everyRule = matcher.rules().stream().filter(rule -> rule.detection().matches(fields)).toList();
            assertThat(matcher.match(event)).extracting(RuleMatch::rule).as(event.getEventid()).isEqualTo(everyRule);
            compared++;
        }
        assertThat(compared).isEqualTo(310 + 485);
        System.out.println("Rules the index cannot narrow: " + matcher.unindexedRuleCount() + " of " + matcher.rules().size());
    }

    /**
     * 18 of 35; six of them only through "AWS STS AssumeRole Misuse", which matches every call made with an
     * assumed role (the Stratus detonations ran as one), so 12 by a rule about the technique itself (the twelfth,
     * iam-update-user-login-profile, through "AWS User Login Profile Was Modified", which needs {@code fieldref}).
     */
    static final int EXPECTED_STRATUS_TECHNIQUES = 18;
    /** 263 of 485; 210 of them matched by "AWS STS AssumeRole Misuse" (289 of the events use assumed roles). */
    static final int EXPECTED_PANTHER_MATCHES = 263;
}
