package io.flowsight.topology.computations;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PortNamesTest {
    @Test
    void aPortIsItsDecimalTextAndTheSameInstanceEachTime() {
        assertThat(PortNames.of(443)).isEqualTo("443").isSameAs(PortNames.of(443));
        assertThat(PortNames.of(0)).isEqualTo("0");
        assertThat(PortNames.of(65_535)).isEqualTo("65535").isSameAs(PortNames.of(65_535));
    }

    @Test
    void numbersOutsideThePortRangeAreStillWrittenOut() {
        assertThat(PortNames.of(65_536)).isEqualTo("65536");
        assertThat(PortNames.of(-1)).isEqualTo("-1");
    }
}
