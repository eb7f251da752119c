package io.flowsight.rules;

import io.flowsight.rules.fields.CloudTrailFields;
import io.flowsight.schemas.CloudTrailEvent;

import java.io.IOException;
import java.util.List;

/**
 * Prints how many CloudTrail events per second one thread matches against every loadable SigmaHQ CloudTrail rule,
 * over Panther's 485 labelled events repeated. A measurement to run by hand ({@code main}), never a timed test:
 * build machines are shared and timing assertions would flap.
 */
public final class MatchingRate {
    private MatchingRate() {
    }

    public static void main(String[] args) throws IOException {
        if (!SharedData.present()) {
            System.out.println("shared/data is absent; nothing to measure.");
            return;
        }
        RuleMatcher<CloudTrailEvent> matcher = RuleMatcher.cloudTrail(SigmaHqRulesTest.cloudTrail().rules());
        List<CloudTrailEvent> events = SharedCloudTrail.pantherEvents().stream().map(SharedCloudTrail.PantherEvent::event)
                .toList();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        long matches = run(matcher, events, rounds / 4); // warm-up: let the JIT compile the matching paths
        long start = System.nanoTime();
        matches = run(matcher, events, rounds);
        double seconds = (System.nanoTime() - start) / 1e9;
        long matched = (long) events.size() * rounds;
        System.out.printf("%d rules (%d not narrowed by the index), %d events in %.2f s: %.0f events/s (%d matches)%n",
                matcher.rules().size(), matcher.unindexedRuleCount(), matched, seconds, matched / seconds, matches);
        everyRuleOnEveryEvent(matcher.rules(), events, rounds / 4);
        start = System.nanoTime();
        matches = everyRuleOnEveryEvent(matcher.rules(), events, rounds);
        seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("without the index (every rule on every event): %.0f events/s (%d matches)%n",
                matched / seconds, matches);
    }

    private static long everyRuleOnEveryEvent(List<SigmaRule> rules, List<CloudTrailEvent> events, int rounds) {
        long matches = 0;
        for (int round = 0; round < rounds; round++) {
            for (CloudTrailEvent event : events) {
                CloudTrailFields fields = new CloudTrailFields(event);
                for (SigmaRule rule : rules) {
                    if (rule.detection().matches(fields)) {
                        matches++;
                    }
                }
            }
        }
        return matches;
    }

    private static long run(RuleMatcher<CloudTrailEvent> matcher, List<CloudTrailEvent> events, int rounds) {
        long matches = 0;
        for (int round = 0; round < rounds; round++) {
            for (CloudTrailEvent event : events) {
                matches += matcher.match(event).size();
            }
        }
        return matches;
    }
}
