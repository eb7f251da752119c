package io.flowsight.topology.tally;

import io.flowsight.topology.state.JournalOutput;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Distinct counts: none, one value, a few, then an estimate; each form survives the state-store encoding. */
class DistinctCountTest {
    @Test
    void countsNoneOneAndSeveralValuesExactly() {
        DistinctCount ports = new DistinctCount();
        assertThat(ports.count()).isZero();
        assertThat(roundTrip(ports).count()).isZero();

        ports.add("22", 3);
        ports.add("22", 3);
        assertThat(ports.count()).isEqualTo(1);
        assertThat(roundTrip(ports).sample(10)).containsExactly("22");

        ports.add("443", 3);
        ports.add("22", 3);
        ports.add("80", 3);
        assertThat(ports.count()).isEqualTo(3);
        assertThat(ports.isEstimate()).isFalse();
        assertThat(roundTrip(ports).sample(10)).containsExactlyInAnyOrder("22", "443", "80");
    }

    @Test
    void pastTheExactLimitTheCountIsAnEstimate() {
        DistinctCount hosts = new DistinctCount();
        hosts.add("10.0.0.1", 1);
        assertThat(hosts.isEstimate()).isFalse();
        hosts.add("10.0.0.2", 1);
        assertThat(hosts.isEstimate()).as("a second value past a limit of one").isTrue();
        for (int i = 3; i <= 500; i++) {
            hosts.add("10.0." + i / 250 + "." + i % 250, 1);
        }
        DistinctCount copy = roundTrip(hosts);
        assertThat(copy.isEstimate()).isTrue();
        assertThat(copy.sample(10)).isEmpty();
        assertThat((double) copy.count()).isCloseTo(500, within(25.0));
    }

    private static DistinctCount roundTrip(DistinctCount count) {
        JournalOutput out = new JournalOutput(16);
        count.writeTo(out);
        return DistinctCount.readFrom(ByteBuffer.wrap(out.toByteArray()));
    }
}
