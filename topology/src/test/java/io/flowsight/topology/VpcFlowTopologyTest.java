package io.flowsight.topology;

import io.flowsight.schemas.DeadLetter;
import io.flowsight.schemas.TopTalkers;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.flowsight.topology.TopologyFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * VPC flow logs in exact mode (every ranking from per-key tallies; sketch mode has its own spec): top-N talkers,
 * rejected counts, late flows, heartbeats; one-minute windows, 15 minutes of grace.
 */
class VpcFlowTopologyTest {
    @TempDir
    Path registryData;
    TopologyFixture topology;

    @BeforeEach
    void start() {
        topology = new TopologyFixture(registryData, Map.of(TopologyConfig.TOP_N_CONFIG, 2,
                TopologyConfig.TOP_MODE_CONFIG, "exact"));
    }

    @AfterEach
    void stop() {
        topology.close();
    }

    @Test
    void rejectedCountsAreFinalAfterGraceAndIncludeLateFlowsWithinIt() {
        topology.flow("10.0.0.2", "172.31.0.1", 22, 100, "REJECT", "08:00:10");
        topology.flow("10.0.0.2", "172.31.0.1", 22, 200, "REJECT", "08:00:40");
        topology.flow("10.0.0.9", "172.31.0.1", 443, 999, "ACCEPT", "08:00:20");
        topology.flow("10.0.0.3", "172.31.0.1", 22, 7, "REJECT", "08:00:50");
        topology.flow("10.0.0.4", "172.31.0.1", 3389, 1, "REJECT", "08:05:00");
        topology.flow("10.0.0.2", "172.31.0.1", 22, 50, "REJECT", "08:00:30"); // 4.5 minutes late: within grace
        assertThat(topology.rejected.isEmpty()).as("nothing before the window closes").isTrue();

        topology.flowHeartbeat("08:16:00");

        assertThat(rejected()).containsExactly(
                Map.entry("2026-11-22T08:00:00Z|PT1M|vpc_dstport|22", "4 flows, 357 bytes, 08:00:00Z-08:01:00Z"),
                Map.entry("2026-11-22T08:00:00Z|PT1M|vpc_interface|eni-1", "4 flows, 357 bytes, 08:00:00Z-08:01:00Z"),
                Map.entry("2026-11-22T08:00:00Z|PT1M|vpc_src|10.0.0.2", "3 flows, 350 bytes, 08:00:00Z-08:01:00Z"),
                Map.entry("2026-11-22T08:00:00Z|PT1M|vpc_src|10.0.0.3", "1 flows, 7 bytes, 08:00:00Z-08:01:00Z"));
    }

    @Test
    void aFlowLaterThanGraceIsDeadLetteredNotCounted() {
        topology.flow("10.0.0.2", "172.31.0.1", 22, 100, "REJECT", "08:00:10");
        topology.flow("10.0.0.9", "172.31.0.1", 443, 1, "ACCEPT", "08:16:00");
        assertThat(rejected()).containsOnlyKeys("2026-11-22T08:00:00Z|PT1M|vpc_dstport|22",
                "2026-11-22T08:00:00Z|PT1M|vpc_interface|eni-1", "2026-11-22T08:00:00Z|PT1M|vpc_src|10.0.0.2");

        topology.flow("10.0.0.2", "172.31.0.1", 22, 100, "REJECT", "08:00:20"); // beyond grace
        topology.flowHeartbeat("08:40:00");

        assertThat(rejected()).as("08:00 is not re-emitted").isEmpty();
        List<DeadLetter> late = topology.deadLetters.readValuesToList();
        assertThat(late).hasSize(1);
        DeadLetter letter = late.get(0);
        assertThat(letter.getReason()).isEqualTo("late");
        assertThat(letter.getLogType()).isEqualTo("vpcflow");
        assertThat(letter.getSource()).isEqualTo("kafka:flowsight.raw.vpcflow/0");
        assertThat(letter.getByteOffset()).isEqualTo(2L);
        assertThat(letter.getRecordTime()).isEqualTo(at("08:00:20"));
        assertThat(letter.getError()).isEqualTo("Event time 2026-11-22T08:00:20Z is more than the grace of PT15M "
                + "behind stream time 2026-11-22T08:16:00Z, so its window had already closed for vpc_src/1m, "
                + "vpc_pair/1m; those aggregates do not include it.");
        assertThat(new String(letter.getPayload().array(), StandardCharsets.UTF_8)).contains("10.0.0.2");
    }

    @Test
    void topTalkersRankFinalSumsOncePerWindowAndDimension() {
        topology.flow("10.0.0.1", "172.31.0.1", 443, 5_000, "ACCEPT", "08:00:01");
        topology.flow("10.0.0.2", "172.31.0.2", 443, 4_000, "ACCEPT", "08:00:02");
        topology.flow("10.0.0.3", "172.31.0.2", 443, 3_000, "ACCEPT", "08:00:03");
        // 10.0.0.3 overtakes both with later records of the same window, one of them late but within grace.
        topology.flow("10.0.0.3", "172.31.0.1", 443, 2_500, "ACCEPT", "08:00:50");
        topology.flow("10.0.0.4", "172.31.0.1", 443, 1, "ACCEPT", "08:03:00");
        topology.flow("10.0.0.3", "172.31.0.1", 80, 100, "ACCEPT", "08:00:40");
        assertThat(topology.topTalkers.isEmpty()).isTrue();

        topology.flowHeartbeat("08:16:00");

        Map<String, String> lists = topTalkers();
        assertThat(lists).containsExactly(
                Map.entry("2026-11-22T08:00:00Z|PT1M|vpc_dst_bytes", "172.31.0.1=7600 172.31.0.2=7000"),
                Map.entry("2026-11-22T08:00:00Z|PT1M|vpc_pair_bytes", "10.0.0.1->172.31.0.1=5000 10.0.0.2->172.31.0.2=4000"),
                Map.entry("2026-11-22T08:00:00Z|PT1M|vpc_src_bytes", "10.0.0.3=5600 10.0.0.1=5000"),
                Map.entry("2026-11-22T08:00:00Z|PT1M|vpc_src_flows", "10.0.0.3=3 10.0.0.1=1"),
                Map.entry("2026-11-22T08:00:00Z|PT1M|vpc_src_packets", "10.0.0.3=3 10.0.0.1=1"));

        topology.flowHeartbeat("09:00:00");
        assertThat(topTalkers()).as("08:03 closes next, every dimension once").containsOnlyKeys(
                "2026-11-22T08:03:00Z|PT1M|vpc_dst_bytes", "2026-11-22T08:03:00Z|PT1M|vpc_pair_bytes",
                "2026-11-22T08:03:00Z|PT1M|vpc_src_bytes", "2026-11-22T08:03:00Z|PT1M|vpc_src_flows",
                "2026-11-22T08:03:00Z|PT1M|vpc_src_packets");
    }

    @Test
    void equalValuesRankByKeyAndListsCarryWindowAndMode() {
        topology.flow("10.0.0.9", "172.31.0.1", 443, 100, "ACCEPT", "08:00:01");
        topology.flow("10.0.0.5", "172.31.0.1", 443, 100, "ACCEPT", "08:00:02");
        topology.flow("10.0.0.7", "172.31.0.1", 443, 100, "ACCEPT", "08:00:03");
        topology.flowHeartbeat("08:16:00");
        TopTalkers bytes = topology.topTalkers.readKeyValuesToList().stream()
                .filter(kv -> kv.key.endsWith("vpc_src_bytes")).map(kv -> kv.value).findFirst().orElseThrow();
        assertThat(bytes.getWindowStart()).isEqualTo(at("08:00:00"));
        assertThat(bytes.getWindowEnd()).isEqualTo(at("08:01:00"));
        assertThat(bytes.getMode()).isEqualTo("exact");
        assertThat(bytes.getMaxError()).isNull();
        assertThat(bytes.getEntries()).extracting(e -> e.getRank() + ":" + e.getKey() + "=" + e.getValue())
                .containsExactly("1:10.0.0.5=100", "2:10.0.0.7=100");
    }

    @Test
    void hourWindowsCloseWithTheirOwnGrace() {
        topology.close();
        topology = new TopologyFixture(registryData, Map.of(TopologyConfig.WINDOWS_CONFIG, "1m,1h",
                TopologyConfig.TOP_MODE_CONFIG, "exact"));
        topology.flow("10.0.0.1", "172.31.0.1", 443, 10, "REJECT", "08:10:00");
        topology.flow("10.0.0.1", "172.31.0.1", 443, 20, "REJECT", "08:50:00");
        topology.flowHeartbeat("09:14:59");
        assertThat(rejected().keySet()).noneMatch(key -> key.contains("PT1H"));
        topology.flowHeartbeat("09:15:00");
        assertThat(rejected()).containsEntry("2026-11-22T08:00:00Z|PT1H|vpc_src|10.0.0.1",
                "2 flows, 30 bytes, 08:00:00Z-09:00:00Z");
    }

    /** In sketch mode the hour's pair and destination sketches are merged from the minutes': exact for few keys. */
    @ParameterizedTest
    @ValueSource(strings = {"exact", "sketch"})
    void hourWindowsAreTheirClosedMinutesPlusFlowsLateForTheirMinute(String mode) {
        topology.close();
        topology = new TopologyFixture(registryData, Map.of(TopologyConfig.WINDOWS_CONFIG, "1m,1h",
                TopologyConfig.TOP_N_CONFIG, 2, TopologyConfig.TOP_MODE_CONFIG, mode));
        topology.flow("10.0.0.1", "172.31.0.1", 443, 10, "REJECT", "08:10:00");
        topology.flow("10.0.0.1", "172.31.0.1", 443, 5, "REJECT", "08:10:30");
        topology.flow("10.0.0.2", "172.31.0.2", 443, 1_000, "ACCEPT", "08:30:00");
        topology.flow("10.0.0.1", "172.31.0.1", 443, 20, "REJECT", "08:50:00");
        topology.flowHeartbeat("08:40:00");
        // Its minute closed at 08:28 (08:12 + 1 minute + grace), its hour is open: counted in the hour only.
        topology.flow("10.0.0.1", "172.31.0.2", 443, 7, "REJECT", "08:12:00");
        // Sketch mode ranks destinations where the flows are, so their minute is named on the raw topic too.
        String closed = mode.equals("sketch") ? "vpc_src/1m, vpc_pair/1m, vpc_dst/1m" : "vpc_src/1m, vpc_pair/1m";
        assertThat(topology.deadLetters.readValuesToList()).extracting(DeadLetter::getError)
                .singleElement().asString().endsWith("closed for " + closed + "; those aggregates do not include it.");

        topology.flowHeartbeat("09:15:00");

        assertThat(hourly(rejected())).containsExactly(
                Map.entry("2026-11-22T08:00:00Z|PT1H|vpc_dstport|443", "4 flows, 42 bytes, 08:00:00Z-09:00:00Z"),
                Map.entry("2026-11-22T08:00:00Z|PT1H|vpc_interface|eni-1", "4 flows, 42 bytes, 08:00:00Z-09:00:00Z"),
                Map.entry("2026-11-22T08:00:00Z|PT1H|vpc_src|10.0.0.1", "4 flows, 42 bytes, 08:00:00Z-09:00:00Z"));
        assertThat(hourly(topTalkers())).containsExactly(
                Map.entry("2026-11-22T08:00:00Z|PT1H|vpc_dst_bytes", "172.31.0.2=1007 172.31.0.1=35"),
                Map.entry("2026-11-22T08:00:00Z|PT1H|vpc_pair_bytes", "10.0.0.2->172.31.0.2=1000 10.0.0.1->172.31.0.1=35"),
                Map.entry("2026-11-22T08:00:00Z|PT1H|vpc_src_bytes", "10.0.0.2=1000 10.0.0.1=42"),
                Map.entry("2026-11-22T08:00:00Z|PT1H|vpc_src_flows", "10.0.0.1=4 10.0.0.2=1"),
                Map.entry("2026-11-22T08:00:00Z|PT1H|vpc_src_packets", "10.0.0.1=4 10.0.0.2=1"));
    }

    @Test
    void rekeyedTalliesCrossTheShuffleAsOneSumPerKeyAndMinute() {
        var byDestination = topology.driver.createOutputTopic("topology-test-vpc_dst-repartition",
                org.apache.kafka.common.serialization.Serdes.String().deserializer(),
                new io.flowsight.topology.tally.LongArraySerde().deserializer());
        topology.flow("10.0.0.1", "172.31.0.1", 443, 100, "ACCEPT", "08:00:05");
        topology.flow("10.0.0.2", "172.31.0.1", 443, 200, "ACCEPT", "08:00:20");
        topology.flow("10.0.0.3", "172.31.0.2", 443, 1, "ACCEPT", "08:00:30");
        topology.flow("10.0.0.4", "172.31.0.1", 443, 300, "ACCEPT", "08:00:59");
        topology.flow("10.0.0.4", "172.31.0.1", 443, 50, "ACCEPT", "08:01:10");

        topology.flowHeartbeat("08:16:00");

        assertThat(byDestination.readRecordsToList()).filteredOn(record -> record.value() != null)
                .extracting(record -> record.key() + " " + java.util.Arrays.toString(record.value()) + " at "
                        + record.getRecordTime().toString().substring(11))
                .as("one sum per destination and minute (keys of a minute in no particular order)")
                .containsExactlyInAnyOrder(
                        "172.31.0.1 [600, " + at("08:00:05").toEpochMilli() + ", " + at("08:00:59").toEpochMilli()
                                + "] at 08:00:59Z",
                        "172.31.0.2 [1, " + at("08:00:30").toEpochMilli() + ", " + at("08:00:30").toEpochMilli()
                                + "] at 08:00:30Z",
                        "172.31.0.1 [50, " + at("08:01:10").toEpochMilli() + ", " + at("08:01:10").toEpochMilli()
                                + "] at 08:01:10Z");
        assertThat(topTalkers()).containsEntry("2026-11-22T08:00:00Z|PT1M|vpc_dst_bytes",
                "172.31.0.1=600 172.31.0.2=1");
    }

    private static Map<String, String> hourly(Map<String, String> outputs) {
        Map<String, String> hours = new TreeMap<>(outputs);
        hours.keySet().removeIf(key -> !key.contains("|PT1H|"));
        return hours;
    }

    private Map<String, String> rejected() {
        Map<String, String> out = new TreeMap<>();
        topology.rejected.readKeyValuesToList().forEach(kv -> out.put(kv.key, kv.value.getCount() + " flows, "
                + kv.value.getBytes() + " bytes, " + kv.value.getWindowStart().toString().substring(11) + "-"
                + kv.value.getWindowEnd().toString().substring(11)));
        return out;
    }

    private Map<String, String> topTalkers() {
        Map<String, String> out = new TreeMap<>();
        for (KeyValue<String, TopTalkers> kv : topology.topTalkers.readKeyValuesToList()) {
            assertThat(out).doesNotContainKey(kv.key);
            out.put(kv.key, kv.value.getEntries().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" ")));
        }
        return out;
    }
}
