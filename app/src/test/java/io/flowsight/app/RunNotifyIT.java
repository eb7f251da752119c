package io.flowsight.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowsight.app.demo.DemoDataGenerator;
import io.flowsight.app.demo.DemoDataGenerator.Label;
import io.flowsight.app.demo.DemoDataGenerator.Labels;
import io.flowsight.app.runtime.LocalRuntime;
import io.flowsight.ingest.vpc.VpcFlowLogFormat;
import io.flowsight.notify.config.NotifyConfig;
import io.flowsight.notify.config.NotifyConfigLoader;
import io.flowsight.queries.sql.LakeQueryService;
import io.flowsight.testsupport.StandardWebhooksReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flowsight run --webhook URL} on the demo data: every planted attack reaches a signed-webhook receiver once
 * when it fires and once when it resolves (the run's end closes every quiet period), the benign heavy talkers never,
 * and the receiver's one refusal is retried, not lost.
 */
class RunNotifyIT {
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final int MINUTES = 15;
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path work;

    @Test
    void eachPlantedAttackIsDeliveredOnceFiringAndOnceResolvedAndNoBenignHeavyTalkerAtAll() throws Exception {
        Path demo = Files.createDirectories(work.resolve("demo"));
        Labels labels = new DemoDataGenerator(demo, START, MINUTES, 3, 400).generate();
        Path lake = work.resolve("lake");
        List<JsonNode> delivered = new ArrayList<>();
        try (StandardWebhooksReceiver receiver = new StandardWebhooksReceiver(SECRET)) {
            receiver.answerNext(503);
            NotifyConfig notify = new NotifyConfigLoader(Map.of("SECRET", SECRET)).parse("", "RunNotifyIT",
                    List.of(Map.of("name", "soc", "type", "webhook", "url", receiver.url(), "secret", "${SECRET}")));
            try (LocalRuntime runtime = LocalRuntime.start(new LocalRuntime.Settings(
                    List.of(demo.resolve("AWSLogs").toString()), Optional.empty(), VpcFlowLogFormat.DEFAULT, null,
                    false, lake, work.resolve("data"), 2, "127.0.0.1", 0, Optional.empty(), Map.of(),
                    Optional.of(notify), false))) {
                runtime.finishWhenIdle(Duration.ofSeconds(2));
            }
            ObjectMapper json = new ObjectMapper();
            for (StandardWebhooksReceiver.Delivery delivery : receiver.accepted()) {
                delivered.add(json.readTree(delivery.body()));
            }
            assertThat(receiver.accepted()).extracting(StandardWebhooksReceiver.Delivery::webhookId)
                    .as("no notification delivered twice: %s", receiver.accepted()).doesNotHaveDuplicates();
            assertThat(receiver.requests()).as("the refused request was retried")
                    .isEqualTo(receiver.accepted().size() + 1);
        }

        for (Label label : labels.scenarios()) {
            List<String> about = delivered.stream().filter(body -> body.get("ip").asText().equals(label.address()))
                    .map(body -> body.get("detector").asText() + " " + body.get("status").asText()).toList();
            if (label.attack()) {
                assertThat(about).as(label.scenario()).containsExactly(label.detector() + " firing",
                        label.detector() + " resolved");
            } else {
                assertThat(about).as(label.scenario() + " is benign").isEmpty();
            }
        }
        try (LakeQueryService service = LakeQueryService.open(lake)) {
            assertThat(service.query("SELECT count(*) FROM alerts").rows().get(0).get(0))
                    .as("every alert in the lake was delivered, firing and resolved alike")
                    .isEqualTo((long) delivered.size());
        }
    }
}
