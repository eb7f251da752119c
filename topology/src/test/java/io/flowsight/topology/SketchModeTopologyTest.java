package io.flowsight.topology;

import io.flowsight.schemas.TopTalkerEntry;
import io.flowsight.schemas.TopTalkers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sketch mode: bounded state for the rankings without per-key tallies (pairs, destinations), estimates inside their
 * published bounds, exact while keys fit the sketch; sources ranked exactly from their tallies.
 */
class SketchModeTopologyTest {
    @TempDir
    Path registryData;
    TopologyFixture topology;

    @AfterEach
    void stop() {
        topology.close();
    }

    @Test
    void fewKeysAreRankedExactlyWithAZeroErrorBound() {
        topology = new TopologyFixture(registryData, Map.of(TopologyConfig.TOP_MODE_CONFIG, "sketch",
                TopologyConfig.TOP_N_CONFIG, 2));
        topology.flow("10.0.0.1", "172.31.0.1", 443, 5_000, "ACCEPT", "08:00:01");
        topology.flow("10.0.0.2", "172.31.0.2", 443, 4_000, "ACCEPT", "08:00:02");
        topology.flow("10.0.0.3", "172.31.0.2", 443, 3_000, "ACCEPT", "08:00:03");
        topology.flow("10.0.0.3", "172.31.0.1", 443, 2_500, "ACCEPT", "08:00:50");
        topology.flowHeartbeat("08:16:00");

        Map<String, TopTalkers> lists = lists();
        assertThat(lists).containsOnlyKeys("vpc_dst_bytes", "vpc_pair_bytes", "vpc_src_bytes", "vpc_src_flows",
                "vpc_src_packets");
        TopTalkers pairs = lists.get("vpc_pair_bytes");
        assertThat(pairs.getMode()).isEqualTo("sketch");
        assertThat(pairs.getMaxError()).isZero();
        assertThat(pairs.getEntries()).extracting(e -> e.getRank() + ":" + e.getKey() + "=" + e.getValue() + " ["
                + e.getLowerBound() + "," + e.getUpperBound() + "]")
                .containsExactly("1:10.0.0.1->172.31.0.1=5000 [5000,5000]", "2:10.0.0.2->172.31.0.2=4000 [4000,4000]");
        assertThat(lists.get("vpc_dst_bytes").getMode()).isEqualTo("sketch");
        assertThat(lists.get("vpc_dst_bytes").getEntries()).extracting(e -> e.getKey() + "=" + e.getValue())
                .containsExactly("172.31.0.1=7500", "172.31.0.2=7000");
        TopTalkers sources = lists.get("vpc_src_bytes");
        assertThat(sources.getMode()).as("sources keep exact tallies for their detectors, and are ranked from them")
                .isEqualTo("exact");
        assertThat(sources.getEntries()).extracting(e -> e.getRank() + ":" + e.getKey() + "=" + e.getValue())
                .containsExactly("1:10.0.0.3=5500", "2:10.0.0.1=5000");
    }

    @Test
    void manyKeysGiveEstimatesWithinTheirBoundsAndTheHeavyHittersFirst() {
        topology = new TopologyFixture(registryData, Map.of(TopologyConfig.TOP_MODE_CONFIG, "sketch",
                TopologyConfig.SKETCH_MAP_SIZE_CONFIG, 64, TopologyConfig.TOP_N_CONFIG, 3));
        // Three heavy hitters among 1,000 light sources, in one minute.
        Map<String, Long> truth = heavyHittersAmongLightPairs(3_000, 4, i -> String.format("08:00:%02d", i % 60));
        topology.flowHeartbeat("08:16:00");

        TopTalkers bytes = lists().get("vpc_pair_bytes");
        assertThat(bytes.getMaxError()).isPositive();
        List<TopTalkerEntry> entries = bytes.getEntries();
        assertThat(entries).extracting(TopTalkerEntry::getKey)
                .containsExactlyInAnyOrder("10.9.0.0->172.31.0.1", "10.9.0.1->172.31.0.1", "10.9.0.2->172.31.0.1");
        assertWithinBounds(bytes, truth);
    }

    @Test
    void hourSketchesMergedFromPurgedMinutesKeepTheirBounds() {
        topology = new TopologyFixture(registryData, Map.of(TopologyConfig.TOP_MODE_CONFIG, "sketch",
                TopologyConfig.WINDOWS_CONFIG, "1m,1h", TopologyConfig.SKETCH_MAP_SIZE_CONFIG, 64,
                TopologyConfig.TOP_N_CONFIG, 3));
        // Three heavy hitters among about 4,000 light sources, spread over 20 minutes.
        Map<String, Long> truth = heavyHittersAmongLightPairs(6_000, 16,
                i -> String.format("08:%02d:%02d", i / 300, i / 5 % 60));
        topology.flowHeartbeat("09:15:00");

        TopTalkers pairs = hourLists().get("vpc_pair_bytes");
        assertThat(pairs.getMaxError()).isPositive();
        assertThat(pairs.getEntries()).extracting(TopTalkerEntry::getKey)
                .containsExactlyInAnyOrder("10.9.0.0->172.31.0.1", "10.9.0.1->172.31.0.1", "10.9.0.2->172.31.0.1");
        assertWithinBounds(pairs, truth);
    }

    /**
     * Sends {@code flows} flows to one destination, one in ten from three heavy hitters (10,000 bytes each), the rest
     * from random sources of {@code lightSubnets} /24s; returns each pair's true bytes.
     */
    private Map<String, Long> heavyHittersAmongLightPairs(int flows, int lightSubnets, IntFunction<String> time) {
        Random random = new Random(flows);
        Map<String, Long> truth = new HashMap<>();
        for (int i = 0; i < flows; i++) {
            String src = i % 10 == 0 ? "10.9.0." + (i % 3)
                    : "10.1." + random.nextInt(lightSubnets) + "." + random.nextInt(250);
            long bytes = i % 10 == 0 ? 10_000 : 1 + random.nextInt(1_000);
            truth.merge(src + "->172.31.0.1", bytes, Long::sum);
            topology.flow(src, "172.31.0.1", 443, bytes, "ACCEPT", time.apply(i));
        }
        return truth;
    }

    /** Every listed key's true value lies within its bounds, and its estimate within the list's maximum error. */
    private static void assertWithinBounds(TopTalkers list, Map<String, Long> truth) {
        for (TopTalkerEntry entry : list.getEntries()) {
            long actual = truth.get(entry.getKey());
            assertThat(actual).as(entry.getKey()).isBetween(entry.getLowerBound(), entry.getUpperBound());
            assertThat(Math.abs(entry.getValue() - actual)).isLessThanOrEqualTo(list.getMaxError());
        }
    }

    private Map<String, TopTalkers> hourLists() {
        Map<String, TopTalkers> lists = new HashMap<>();
        topology.topTalkers.readValuesToList().stream()
                .filter(list -> Duration.between(list.getWindowStart(), list.getWindowEnd()).equals(Duration.ofHours(1)))
                .forEach(list -> assertThat(lists.put(list.getDimension(), list)).as("once per dimension").isNull());
        return lists;
    }

    private Map<String, TopTalkers> lists() {
        Map<String, TopTalkers> lists = new HashMap<>();
        topology.topTalkers.readValuesToList().forEach(list -> assertThat(lists.put(list.getDimension(), list))
                .as("once per dimension").isNull());
        return lists;
    }
}
