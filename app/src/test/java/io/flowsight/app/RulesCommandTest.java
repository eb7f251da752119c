package io.flowsight.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.flowsight.app.FlowSightCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code flowsight rules check} and {@code publish} as far as they go without a cluster. */
class RulesCommandTest {
    static final String RULE = """
            title: Security group opened
            id: 3b8e6f1a-9c2d-4e7f-b015-6a4c8d2e9f31
            logsource:
                product: aws
                service: cloudtrail
            detection:
                selection:
                    eventName: AuthorizeSecurityGroupIngress
                condition: selection
            level: high
            """;
    static final String CORRELATION_ON_THE_PACK = """
            title: Trail stopped twice by one principal
            correlation:
                type: event_count
                rules:
                    - %s
                group-by:
                    - userIdentity.arn
                timespan: 1h
                condition:
                    gte: 2
            level: high
            """;

    @TempDir
    Path work;

    @Test
    void checkLoadsRuleFilesBesideThePackSoACorrelationMayReferToAPackRule() throws Exception {
        Path rules = Files.createDirectories(work.resolve("rules/network"));
        Files.writeString(rules.resolve("sg.yml"), RULE);
        Files.writeString(work.resolve("rules/stopped_twice.yaml"), CORRELATION_ON_THE_PACK.formatted(
                packRuleId("cloudtrail_logging_stopped.yml")));
        Files.writeString(work.resolve("rules/notes.txt"), "not a rule file, not read");

        FlowSightCliTest.Run run = run("rules", "check", work.resolve("rules").toString());

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("2 files: 1 single-event and 1 correlation rules load, 0 refused.\n");
    }

    @Test
    void aRefusedRuleIsNamedByFileAndLineAndPublishesNothing() throws Exception {
        Path good = Files.writeString(work.resolve("sg.yml"), RULE);
        Path bad = Files.writeString(work.resolve("bad.yml"), RULE.replace("eventName:", "eventName|contain:"));

        FlowSightCliTest.Run check = run("rules", "check", good.toString(), bad.toString());
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).isEqualTo("2 files: 1 single-event and 0 correlation rules load, 1 refused.\n");
        assertThat(check.err()).isEqualTo(bad + ":8: 'contain' in 'eventName|contain' is not a Sigma value modifier;"
                + " check its spelling against the specification's modifier list.\n");

        FlowSightCliTest.Run publish = run("rules", "publish", "--bootstrap-servers", "127.0.0.1:1",
                "--schema-registry-url", "http://127.0.0.1:1", good.toString(), bad.toString());
        assertThat(publish.exitCode()).isEqualTo(1);
        assertThat(publish.err()).endsWith("Nothing was published: fix or remove the rules above and run again.\n");
    }

    @Test
    void aMissingPathIsOneSentence() {
        FlowSightCliTest.Run run = run("rules", "check", work.resolve("nowhere").toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains(work.resolve("nowhere") + " does not exist; give Sigma rule files or"
                + " directories.");
    }

    /** The id of a rule of the built-in pack, read from the pack's own file. */
    private static String packRuleId(String file) throws Exception {
        try (var in = RulesCommandTest.class.getResourceAsStream("/io/flowsight/rules/pack/cloudtrail/" + file)) {
            assertThat(in).as("pack file %s", file).isNotNull();
            return new String(in.readAllBytes()).lines().filter(line -> line.startsWith("id: ")).findFirst()
                    .orElseThrow().substring(4).strip();
        }
    }
}
