package io.flowsight.topology.tally;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TallySerdeTest {
    @Test
    void aTallyRoundTripsWithExactAndSketchedDistincts() {
        Tally tally = new Tally(3, 2, new double[]{50, Double.POSITIVE_INFINITY});
        TallyUpdate update = new TallyUpdate(4).on(tally);
        update.add(0, 1500);
        update.add(2, 1);
        update.distinct(0, "22");
        update.distinct(0, "22");
        update.distinct(0, "443");
        for (int host = 0; host < 1000; host++) {
            update.distinct(1, "10.0." + host / 250 + "." + host % 250);
        }
        tally.seen(1000);
        tally.seen(500);

        Tally copy = TallySerde.decode(TallySerde.encode(tally));
        assertThat(copy.counter(0)).isEqualTo(1500);
        assertThat(copy.counter(1)).isZero();
        assertThat(copy.counter(2)).isEqualTo(1);
        assertThat(copy.bar(0)).isEqualTo(50);
        assertThat(copy.bar(1)).isInfinite();
        assertThat(copy.firstSeen()).isEqualTo(500);
        assertThat(copy.lastSeen()).isEqualTo(1000);
        assertThat(copy.distinct(0).count()).isEqualTo(2);
        assertThat(copy.distinct(0).isEstimate()).isFalse();
        assertThat(copy.distinct(0).sample(10)).containsExactlyInAnyOrder("22", "443");
        assertThat(copy.distinct(1).isEstimate()).as("past the exact limit of 4").isTrue();
        assertThat((double) copy.distinct(1).count()).isCloseTo(1000, within(100.0));
    }

    @Test
    void distinctValuesLongerThanTheSizeEstimateRoundTrip() {
        Tally tally = new Tally(1, 1, new double[0]);
        TallyUpdate update = new TallyUpdate(100).on(tally);
        List<String> hosts = List.of("2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:0db8:85a3:0000:0000:8a2e:0370:7335",
                "2001:0db8:85a3:0000:0000:8a2e:0370:7336");
        hosts.forEach(host -> update.distinct(0, host));

        assertThat(TallySerde.decode(TallySerde.encode(tally)).distinct(0).sample(10))
                .containsExactlyInAnyOrderElementsOf(hosts);
    }

    @Test
    void anUnknownFormatVersionIsAClearError() {
        byte[] bytes = TallySerde.encode(new Tally(1, 0, new double[0]));
        bytes[0] = 9;
        assertThatThrownBy(() -> TallySerde.decode(bytes))
                .hasMessageStartingWith("A tally in the state store has format version 9, which this FlowSight does not know");
    }
}
