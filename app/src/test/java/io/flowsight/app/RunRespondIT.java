package io.flowsight.app;

import io.flowsight.app.demo.DemoDataGenerator;
import io.flowsight.app.demo.DemoDataGenerator.Label;
import io.flowsight.app.demo.DemoDataGenerator.Labels;
import io.flowsight.app.runtime.LocalRuntime;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.queries.sql.LakeQueryService;
import io.flowsight.respond.policy.BlocklistPolicyConfig;
import io.flowsight.respond.service.BlocklistTargets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flowsight run} with the blocklist enforcing on the demo data: the planted external attackers are in the
 * blocklist file once each, the internal exfiltration source is refused by the allow-list, and both are audited in
 * the lake's {@code blocklist_changes}.
 */
class RunRespondIT {
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final int MINUTES = 15;

    @TempDir
    Path work;

    @Test
    void thePlantedExternalAttackersAreBlockedOnceAndTheInternalSourceIsRefusedAndAudited() throws Exception {
        Path demo = Files.createDirectories(work.resolve("demo"));
        Labels labels = new DemoDataGenerator(demo, START, MINUTES, 3, 400).generate();
        Path lake = work.resolve("lake");
        Path blocked = work.resolve("blocked.txt");
        Map<String, Object> settings = Map.of(
                BlocklistPolicyConfig.DETECTORS_CONFIG, "port_scan,brute_force,traffic_spike,denied_api_burst,"
                        + "console_login_failures,http_error_burst",
                BlocklistPolicyConfig.MIN_SEVERITY_CONFIG, "low",
                BlocklistPolicyConfig.ENFORCE_CONFIG, "true",
                BlocklistTargets.FILE_CONFIG, blocked.toString());
        try (LocalRuntime runtime = LocalRuntime.start(new LocalRuntime.Settings(
                List.of(demo.resolve("AWSLogs").toString()), Optional.empty(), VpcFlowLogFormat.DEFAULT, null, false,
                lake, work.resolve("data"), 2, "127.0.0.1", 0, Optional.empty(), settings, Optional.empty(), true))) {
            runtime.finishWhenIdle(Duration.ofSeconds(2));
        }

        List<String> attackers = labels.scenarios().stream().filter(Label::attack)
                .map(Label::address).filter(address -> !address.startsWith("10.")).sorted().toList();
        assertThat(Files.readAllLines(blocked)).as("one line each, in address order").containsExactlyElementsOf(
                attackers.stream().sorted(RunRespondIT::byAddress).toList());
        try (LakeQueryService service = LakeQueryService.open(lake)) {
            List<List<Object>> audit = service.query("SELECT address, action FROM blocklist_changes "
                    + "ORDER BY address, action").rows();
            assertThat(audit).extracting(row -> row.get(0) + " " + row.get(1)).contains("10.0.2.15 refuse")
                    .containsAll(attackers.stream().map(address -> address + " block").toList())
                    .noneMatch(entry -> entry.startsWith("10.") && entry.endsWith(" block"));
        }
    }

    private static int byAddress(String a, String b) {
        return java.util.Arrays.compare(octets(a), octets(b));
    }

    private static int[] octets(String address) {
        return java.util.Arrays.stream(address.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }
}
