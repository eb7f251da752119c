package io.flowsight.app;

import io.flowsight.app.demo.DemoDataGenerator;
import io.flowsight.app.demo.DemoDataGenerator.Label;
import io.flowsight.app.demo.DemoDataGenerator.Labels;
import io.flowsight.app.runtime.LocalRuntime;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.queries.sql.LakeQueryService;
import io.flowsight.respond.policy.BlocklistPolicyConfig;
import io.flowsight.respond.service.BlocklistTargets;
import io.flowsight.testsupport.MovableClock;
import io.flowsight.testsupport.aws.FakeAwsApi;
import io.flowsight.testsupport.aws.FakeWaf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flowsight run} with the blocklist enforcing on the demo data, applied to a file and to an AWS WAF IP set (a
 * loopback server speaking WAF's JSON protocol, checking each request's SigV4 signature): the planted external
 * attackers are in the file and in the IP set once each, the internal exfiltration source is refused by the
 * allow-list, both are audited in the lake's {@code blocklist_changes}, and once the time-to-live has passed (a test
 * clock) the blocks end and the IP set is emptied.
 */
class RunRespondIT {
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final int MINUTES = 15;
    private static final String REGION = "eu-west-1";
    private static final String SET_NAME = "flowsight-blocked-v4";
    private static final String SET_ID = "0f3c7e1a-5b2d-4e8f-9a6b-1c2d3e4f5a6b";
    private static final Duration APPLIED_WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void thePlantedExternalAttackersAreBlockedOnceAndTheInternalSourceIsRefusedAndAudited() throws Exception {
        try (FakeWaf waf = new FakeWaf(REGION)) {
            waf.create(SET_NAME, SET_ID, "REGIONAL", "IPV4", null, List.of());
            String accessKey = System.setProperty("aws.accessKeyId", FakeAwsApi.ACCESS_KEY_ID);
            String secret = System.setProperty("aws.secretAccessKey", FakeAwsApi.SECRET);
            try {
                blockOnTheDemoData(waf);
            } finally {
                restore("aws.accessKeyId", accessKey);
                restore("aws.secretAccessKey", secret);
            }
        }
    }

    private void blockOnTheDemoData(FakeWaf waf) throws Exception {
        Path demo = Files.createDirectories(work.resolve("demo"));
        Labels labels = new DemoDataGenerator(demo, START, MINUTES, 3, 400).generate();
        Path lake = work.resolve("lake");
        Path blocked = work.resolve("blocked.txt");
        Map<String, Object> settings = Map.of(
                BlocklistPolicyConfig.DETECTORS_CONFIG, "port_scan,brute_force,traffic_spike,denied_api_burst,"
                        + "console_login_failures,http_error_burst",
                BlocklistPolicyConfig.MIN_SEVERITY_CONFIG, "low",
                BlocklistPolicyConfig.ENFORCE_CONFIG, "true",
                BlocklistTargets.FILE_CONFIG, blocked.toString(),
                BlocklistTargets.WAF_REGION_CONFIG, REGION,
                BlocklistTargets.WAF_IPV4_SET_CONFIG, "arn:aws:wafv2:" + REGION + ":" + FakeWaf.ACCOUNT
                        + ":regional/ipset/" + SET_NAME + "/" + SET_ID,
                BlocklistTargets.WAF_ENDPOINT_CONFIG, waf.endpoint());
        List<String> attackers = labels.scenarios().stream().filter(Label::attack)
                .map(Label::address).filter(address -> !address.startsWith("10.")).sorted(RunRespondIT::byAddress)
                .toList();
        Instant now = Instant.now();
        MovableClock clock = new MovableClock(now);
        try (LocalRuntime runtime = LocalRuntime.start(new LocalRuntime.Settings(
                List.of(demo.resolve("AWSLogs").toString()), Optional.empty(), VpcFlowLogFormat.DEFAULT, null, false,
                lake, work.resolve("data"), 2, "127.0.0.1", 0, Optional.empty(), settings, Optional.empty(), true),
                clock)) {
            runtime.finishWhenIdle(Duration.ofSeconds(2));

            assertThat(Files.readAllLines(blocked)).as("one line each, in address order")
                    .containsExactlyElementsOf(attackers);
            List<String> inTheSet = awaitSet(waf, set -> set.size() >= attackers.size());
            assertThat(inTheSet).as("each once, as /32").containsExactlyInAnyOrderElementsOf(
                    attackers.stream().map(address -> address + "/32").toList());

            String listed = blocklistApi(runtime);
            assertThat(listed).startsWith("{\"enforced\":true,\"blocked\":[").doesNotContain("10.0.2.15");
            attackers.forEach(address -> assertThat(listed).contains("{\"address\":\"" + address + "\","));

            clock.set(now.plus(Duration.ofHours(4)).plusSeconds(1));
            assertThat(awaitSet(waf, List::isEmpty)).as("after the time-to-live").isEmpty();
            assertThat(Files.readAllLines(blocked)).isEmpty();
            assertThat(blocklistApi(runtime)).isEqualTo("{\"enforced\":true,\"blocked\":[]}");
        }
        try (LakeQueryService service = LakeQueryService.open(lake)) {
            List<List<Object>> audit = service.query("SELECT address, action FROM blocklist_changes "
                    + "ORDER BY address, action").rows();
            assertThat(audit).extracting(row -> row.get(0) + " " + row.get(1)).contains("10.0.2.15 refuse")
                    .containsAll(attackers.stream().map(address -> address + " block").toList())
                    .noneMatch(entry -> entry.startsWith("10.") && entry.endsWith(" block"));
        }
    }

    /** The IP set once it meets {@code done}; the target applies at most one update a second, so it may lag. */
    private static List<String> awaitSet(FakeWaf waf, Predicate<List<String>> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(APPLIED_WITHIN);
        List<String> addresses = waf.addresses(SET_ID);
        while (!done.test(addresses) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            addresses = waf.addresses(SET_ID);
        }
        return addresses;
    }

    private static String blocklistApi(LocalRuntime runtime) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(runtime.httpUrl()
                + "/api/blocklist")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void restore(String property, String previous) {
        if (previous == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, previous);
        }
    }

    private static int byAddress(String a, String b) {
        return java.util.Arrays.compare(octets(a), octets(b));
    }

    private static int[] octets(String address) {
        return java.util.Arrays.stream(address.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }
}
