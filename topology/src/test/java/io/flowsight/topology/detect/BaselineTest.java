package io.flowsight.topology.detect;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BaselineTest {
    static final long MINUTE = 60_000;
    static final double[] NO_CAP = {Double.POSITIVE_INFINITY};

    @Test
    void learnsTheMeanAndScoresDeparturesInSpreads() {
        Baseline baseline = new Baseline(1);
        for (int w = 0; w < 30; w++) {
            baseline.update(w * MINUTE, MINUTE, 0.1, new double[]{w % 2 == 0 ? 90 : 110}, NO_CAP);
        }
        assertThat(baseline.windows()).isEqualTo(30);
        assertThat(baseline.mean(0)).isCloseTo(100, within(5.0));
        // The spread is floored at a quarter of the mean: a steady key is not news for a 10% wobble.
        assertThat(baseline.spread(0)).isCloseTo(25, within(1.5));
        assertThat(baseline.score(0, 125)).isCloseTo(1, within(0.2));
        assertThat(baseline.score(0, 1000)).isGreaterThan(30);
    }

    @Test
    void silentWindowsCountAsZerosAndAWinsorizedSpikeBarelyMovesTheMean() {
        Baseline baseline = new Baseline(1);
        for (int w = 0; w < 20; w++) {
            baseline.update(w * MINUTE, MINUTE, 0.1, new double[]{100}, NO_CAP);
        }
        Baseline afterSilence = baseline.at(40 * MINUTE, MINUTE, 0.1);
        assertThat(afterSilence.windows()).as("20 seen, windows 20 to 39 silent").isEqualTo(40);
        assertThat(afterSilence.mean(0)).isCloseTo(100 * Math.pow(0.9, 20), within(0.01));
        assertThat(baseline.windows()).as("at() leaves the stored baseline alone").isEqualTo(20);

        double cap = baseline.mean(0) + 4 * baseline.spread(0);
        baseline.update(20 * MINUTE, MINUTE, 0.1, new double[]{1_000_000}, new double[]{cap});
        assertThat(baseline.mean(0)).isCloseTo(100 + 0.1 * (cap - 100), within(0.01));
    }

    @Test
    void survivesItsStoreEncoding() {
        Baseline baseline = new Baseline(2);
        baseline.update(5 * MINUTE, MINUTE, 0.2, new double[]{3, 7}, new double[]{10, 10});
        baseline.update(6 * MINUTE, MINUTE, 0.2, new double[]{5, 9}, new double[]{10, 10});
        Baseline.BaselineSerde serde = new Baseline.BaselineSerde();
        Baseline copy = serde.deserializer().deserialize("t", serde.serializer().serialize("t", baseline));
        assertThat(copy.windows()).isEqualTo(2);
        assertThat(copy.mean(0)).isEqualTo(baseline.mean(0));
        assertThat(copy.spread(1)).isEqualTo(baseline.spread(1));
        assertThat(copy.at(8 * MINUTE, MINUTE, 0.2).windows()).isEqualTo(3);
    }
}
