package io.flowsight.topology.findings.correlation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationKeyTest {

    @Test
    void namesTheCorrelationAndEachGroupValueByLength() {
        assertThat(CorrelationKey.of("c1", List.of("alice", "10.0.0.1"))).isEqualTo("c1|5:alice|8:10.0.0.1");
    }

    @Test
    void aSeparatorInsideALoggedValueCannotMakeTwoGroupsOne() {
        assertThat(CorrelationKey.of("c1", List.of("a|1:b", "c")))
                .isNotEqualTo(CorrelationKey.of("c1", List.of("a", "b|1:c")));
    }
}
