package io.flowsight.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowsight.schemas.AlbLogEntry;
import io.flowsight.schemas.CloudTrailEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FlowSight's own rule pack: it loads from the classpath without a single refusal, every rule carries the metadata
 * a finding needs, and every rule meets its spec cases (test resources {@code pack/*-cases.jsonl}: for each rule
 * at least one event it matches and one it does not; for every case the exact set of pack rules that match it).
 */
class RulePackTest {
    private static RuleSet pack;

    @BeforeAll
    static void load() {
        pack = RulePack.load();
    }

    private static String name(SigmaRule rule) {
        return rule.metadata().name();
    }

    @Test
    void thePackLoadsWithoutRefusals() {
        assertThat(pack.refusals()).as("refusals in FlowSight's own pack").isEmpty();
        assertThat(pack.correlations()).isEmpty();
        assertThat(pack.rulesFor(SigmaLogSource.AWS_CLOUDTRAIL)).hasSize(91);
        assertThat(pack.rulesFor(SigmaLogSource.WEBSERVER)).hasSize(5);
    }

    @Test
    void theIndexListsEveryRuleFileOfThePack() throws IOException {
        Path root = PackData.resourceDirectory(RulePack.RESOURCE_ROOT);
        Set<String> onDisk;
        try (Stream<Path> files = Files.walk(root)) {
            onDisk = files.filter(file -> file.toString().endsWith(".yml"))
                    .map(file -> root.relativize(file).toString().replace('\\', '/')).collect(Collectors.toSet());
        }
        assertThat(RulePack.files()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(onDisk);
        assertThat(pack.rules()).allSatisfy(rule -> assertThat(rule.source())
                .isEqualTo(RulePack.SOURCE_PREFIX + RulePack.RESOURCE_ROOT + rule.logSource().source().name()
                        .replace("AWS_CLOUDTRAIL", "cloudtrail").replace("WEBSERVER", "webserver") + "/" + name(rule)
                        + ".yml"));
    }

    @Test
    void everyRuleCarriesTheMetadataOfAFinding() {
        Set<String> ids = new HashSet<>();
        for (SigmaRule rule : pack.rules()) {
            RuleMetadata meta = rule.metadata();
            assertThat(UUID.fromString(meta.id()).toString()).as("id of %s", rule).isEqualTo(meta.id());
            assertThat(ids.add(meta.id())).as("unique id of %s", rule).isTrue();
            assertThat(meta.name()).as("name of %s", rule).matches("[a-z0-9_]+");
            assertThat(meta.title()).isNotBlank();
            assertThat(meta.status()).as("status of %s", rule).isIn("stable", "test");
            assertThat(meta.level()).as("level of %s", rule).isNotNull();
            assertThat(meta.author()).isEqualTo("FlowSight");
            assertThat(meta.description()).as("description of %s", rule).hasSizeGreaterThan(40);
            assertThat(meta.falsePositives()).as("falsepositives of %s", rule).isNotEmpty();
            assertThat(meta.tags()).as("tags of %s", rule).isNotEmpty()
                    .allMatch(tag -> tag.matches("attack\\.(t\\d{4}(\\.\\d{3})?|[a-z]+(-[a-z]+)*)"))
                    .anyMatch(tag -> tag.matches("attack\\.t\\d{4}(\\.\\d{3})?"));
            assertThat(meta.references()).as("references of %s", rule)
                    .allMatch(reference -> reference.matches("panther:[A-Za-z0-9.\\-]+") || reference.startsWith("https://"));
        }
    }

    @Test
    void everyCloudTrailRuleMeetsItsSpecCases() {
        RuleMatcher<CloudTrailEvent> matcher = RuleMatcher.cloudTrail(pack.rules());
        check(matcher.rules(), "pack/cloudtrail-cases.jsonl", event -> names(matcher.match(CloudTrailJson.event(event))));
    }

    @Test
    void everyWebserverRuleMeetsItsSpecCases() {
        RuleMatcher<AlbLogEntry> matcher = RuleMatcher.alb(pack.rules());
        check(matcher.rules(), "pack/webserver-cases.jsonl", event -> names(matcher.match(albEntry(event))));
    }

    /** An ALB entry like a real one, with the request line, user agent, status and client of the case. */
    static AlbLogEntry albEntry(JsonNode request) {
        return AlbLogEntry.newBuilder(AlbWebserverFieldsTest.ENTRY)
                .setRequestVerb(request.path("requestVerb").asText())
                .setRequestUrl(request.path("requestUrl").asText())
                .setUserAgent(request.path("userAgent").asText())
                .setElbStatusCode(request.path("elbStatusCode").asInt())
                .setClientIp(request.path("clientIp").asText())
                .build();
    }

    private static Set<String> names(List<RuleMatch> matches) {
        return matches.stream().map(match -> name(match.rule())).collect(Collectors.toCollection(TreeSet::new));
    }

    private static void check(List<SigmaRule> rules, String cases, java.util.function.Function<JsonNode, Set<String>> match) {
        Map<String, int[]> casesPerRule = new TreeMap<>();
        rules.forEach(rule -> casesPerRule.put(name(rule), new int[2]));
        List<String> failures = new ArrayList<>();
        int line = 0;
        for (String text : PackData.resourceText(cases).split("\n")) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            JsonNode testCase = PackData.json(text);
            String rule = testCase.path("rule").asText();
            boolean matches = testCase.path("matches").asBoolean();
            Set<String> expected = new TreeSet<>();
            if (matches) {
                expected.add(rule);
            }
            testCase.path("alsoMatchedBy").forEach(other -> expected.add(other.asText()));
            Set<String> actual = match.apply(testCase.path("event"));
            if (!actual.equals(expected)) {
                failures.add(cases + ":" + line + " (" + rule + ", matches=" + matches + "): expected " + expected
                        + " but got " + actual);
            }
            int[] counts = casesPerRule.get(rule);
            if (counts == null) {
                failures.add(cases + ":" + line + ": no pack rule named " + rule);
            } else {
                counts[matches ? 0 : 1]++;
            }
        }
        casesPerRule.forEach((rule, counts) -> {
            if (counts[0] == 0 || counts[1] == 0) {
                failures.add(rule + " lacks a matching or a non-matching case");
            }
        });
        assertThat(failures).as("spec case failures").isEmpty();
    }
}
