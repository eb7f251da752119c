package io.flowsight.topology.findings.correlation;

import io.flowsight.schemas.Finding;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationEventSerdeTest {
    private final CorrelationEventSerde serde = new CorrelationEventSerde();

    @Test
    void anEventReadsBackAsWritten() {
        CorrelationEvent event = new CorrelationEvent("c1", List.of("arn:aws:iam::1:user/mallory", "é|x"),
                "failed_console_login", "ListUsers", finding());

        byte[] bytes = serde.serializer().serialize("topic", event);

        assertThat(serde.deserializer().deserialize("topic", bytes)).isEqualTo(event);
    }

    @Test
    void anEventWithoutCountedValueOrGroupReadsBackAsWritten() {
        CorrelationEvent event = new CorrelationEvent("c1", List.of(), "r", null, finding());

        assertThat(serde.deserializer().deserialize("topic", serde.serializer().serialize("topic", event)))
                .isEqualTo(event);
    }

    private static Finding finding() {
        return Finding.newBuilder().setFindingId("r|e").setRuleId("r").setRuleTitle("R").setRuleTags(List.of())
                .setRuleReferences(List.of()).setMatchedSelections(List.of("selection")).setLogType("cloudtrail")
                .setEventId("e").setEventTime(Instant.parse("2026-11-22T08:00:00Z")).setSourceAddress("203.0.113.7")
                .build();
    }
}
