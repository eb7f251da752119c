package io.flowsight.rules;

import io.flowsight.schemas.CloudTrailEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pack on the real CloudTrail of 35 Stratus Red Team detonations (test resources {@code stratus/}, Apache-2.0,
 * see its NOTICE): how many techniques at least one pack rule matches, on the files as they are. The target
 * is 30 of 35 with the pack and FlowSight's volume detectors together; the pack alone reaches it.
 */
class PackOnStratusTest {
    /** Techniques no pack rule matches, and why. */
    static final Map<String, String> UNMATCHED = Map.of();

    @Test
    void thePackMatchesAtLeast30Of35Techniques() {
        RuleMatcher<CloudTrailEvent> matcher = RuleMatcher.cloudTrail(RulePack.load().rules());
        Map<String, List<CloudTrailEvent>> techniques = PackData.stratusTechniques();
        assertThat(techniques).hasSize(35);
        Map<String, TreeSet<String>> matched = new TreeMap<>();
        techniques.forEach((technique, events) -> {
            TreeSet<String> rules = new TreeSet<>();
            events.forEach(event -> matcher.match(event).forEach(match -> rules.add(match.rule().metadata().name())));
            matched.put(technique, rules);
        });
        matched.forEach((technique, rules) -> System.out.println("Stratus " + technique + ": "
                + (rules.isEmpty() ? "NOT MATCHED" : rules)));
        long count = matched.values().stream().filter(rules -> !rules.isEmpty()).count();
        System.out.println("Stratus: " + count + " of " + techniques.size() + " techniques matched by the pack");
        assertThat(count).isGreaterThanOrEqualTo(30);
        assertThat(matched.entrySet().stream().filter(entry -> entry.getValue().isEmpty()).map(Map.Entry::getKey))
                .as("unmatched techniques").containsExactlyInAnyOrderElementsOf(UNMATCHED.keySet());
    }
}
