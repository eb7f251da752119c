package io.flowsight.ingest.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowsight.ingest.AwsSamples;
import io.flowsight.ingest.parse.RejectReason;
import io.flowsight.schemas.CloudTrailEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real CloudTrail event in the copied datasets parses, or is rejected with a precise reason. The counts
 * are what the datasets hold (their provenance notes describe them): Stratus 310 events in 35 files, all
 * complete; OTRF 103 events exported without eventTime; Panther 485 rule-test events, of which 62 omit
 * eventTime and 2 have placeholder times.
 */
class CloudTrailSamplesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final CloudTrailParser parser = new CloudTrailParser();

    @Test
    void everyStratusRedTeamEventParses() throws Exception {
        int events = 0;
        int files = 0;
        for (Path file : resourceFiles("cloudtrail/stratus_red_team_detonation_logs")) {
            CloudTrailParser.Document document = parser.parseDocument(Files.readString(file));
            assertThat(document.events()).allSatisfy(outcome -> assertThat(outcome.error()).as(file + " #"
                    + outcome.index()).isNull());
            events += document.events().size();
            files++;
        }
        assertThat(files).isEqualTo(35);
        assertThat(events).isEqualTo(310);
    }

    @Test
    void aStratusEventKeepsTheAthenaShape() throws Exception {
        Path file = resourceFiles("cloudtrail/stratus_red_team_detonation_logs").stream()
                .filter(f -> f.getFileName().toString().equals("aws.defense-evasion.cloudtrail-stop.json")).findFirst()
                .orElseThrow();
        CloudTrailEvent event = parser.parseDocument(Files.readString(file)).events().get(0).event();
        assertThat(event.getEventname()).isEqualTo("StopLogging");
        assertThat(event.getEventsource()).isEqualTo("cloudtrail.amazonaws.com");
        assertThat(event.getEventid()).isEqualTo("10163ed2-2253-469d-a5ee-cbc6651f8934");
        assertThat(event.getEventtime()).isEqualTo("2024-07-31T13:06:24Z");
        assertThat(event.getEventTime()).isEqualTo(java.time.Instant.parse("2024-07-31T13:06:24Z"));
        assertThat(event.getUseridentity().getType()).isNotNull();
        assertThat(event.getRequestparameters()).startsWith("{");
        assertThat(JSON.readTree(event.getRequestparameters()).isObject()).isTrue();
    }

    @Test
    void otrfEventsExportedWithoutEventTimeAreRejectedSayingSo() throws Exception {
        Path file = resourceFiles("cloudtrail/otrf_security_datasets").get(0);
        CloudTrailParser.Document document = parser.parseDocument(Files.readString(file));
        assertThat(document.events()).hasSize(103).allSatisfy(outcome -> {
            assertThat(outcome.error().reason()).isEqualTo(RejectReason.MISSING_FIELD);
            assertThat(outcome.error().getMessage()).startsWith("The event has no eventTime");
        });
        List<String> lines = Files.readAllLines(file);
        assertThat(document.events().get(0).json()).isEqualTo(JSON.readTree(lines.get(0)).toString());
    }

    @Test
    void pantherRuleTestEventsParseOrNameWhatIsMissing() throws Exception {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (String line : Files.readAllLines(resourceFiles("cloudtrail/panther_analysis_tests").get(0))) {
            JsonNode log = JSON.readTree(line).path("log");
            CloudTrailParser.Outcome outcome = parser.parseDocument(log.toString()).events().get(0);
            outcomes.merge(outcome.parsed() ? "parsed" : outcome.error().reason().code(), 1, Integer::sum);
        }
        assertThat(outcomes).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "parsed", 421, "missing_field", 62, "bad_value", 2)));
    }

    @Test
    void theUserGuideExamplesParseAndDigestsAreSkipped() {
        int parsed = 0;
        int digests = 0;
        List<String> rejected = new ArrayList<>();
        for (JsonNode example : AwsSamples.json("cloudtrail/cloudtrail_user_guide_examples.json").path("records")) {
            CloudTrailParser.Document document;
            try {
                document = parser.parseDocument(example.path("record").toString());
            } catch (Exception e) {
                throw new AssertionError(example.path("section").asText(), e);
            }
            if (document.digest()) {
                digests++;
            }
            for (CloudTrailParser.Outcome outcome : document.events()) {
                if (outcome.parsed()) {
                    parsed++;
                } else {
                    rejected.add(example.path("section").asText() + ": " + outcome.error().getMessage());
                }
            }
        }
        assertThat(digests).isEqualTo(2);
        assertThat(parsed).isEqualTo(22);
        // Two guide snippets are partial records (no eventTime); they are refused with that reason.
        assertThat(rejected).containsExactlyInAnyOrder(
                "AWS STS source identity: The event has no eventTime: it is not a CloudTrail record.",
                "Looking up Insights events: The event has no eventTime: it is not a CloudTrail record.");
    }

    static List<Path> resourceFiles(String folder) throws URISyntaxException, IOException {
        Path directory = Path.of(CloudTrailSamplesTest.class.getResource("/aws-samples/" + folder).toURI());
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

}
