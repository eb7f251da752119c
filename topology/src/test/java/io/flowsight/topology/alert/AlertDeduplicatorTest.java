package io.flowsight.topology.alert;

import io.flowsight.schemas.SuspiciousIpAlert;
import io.flowsight.topology.JsonSerde;
import io.flowsight.topology.detect.AlertCandidate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert lifecycle where records reach the deduplicator out of order, as they do from different repartition
 * topics: the event-clock tick of a heartbeat far ahead can come before candidates raised earlier in event time.
 */
class AlertDeduplicatorTest {
    static final Instant T = Instant.parse("2026-11-22T08:10:00Z");

    MockProcessorContext<String, SuspiciousIpAlert> context;
    KeyValueStore<String, LiveAlert> store;
    AlertDeduplicator deduplicator;

    @BeforeEach
    void start() {
        context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AlertDeduplicator.STORE), Serdes.String(),
                new JsonSerde<>(LiveAlert.class)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        deduplicator = new AlertDeduplicator(Duration.ofHours(1), Duration.ofMinutes(15),
                AddressRanges.of(List.of("10.0.0.0/8")));
        deduplicator.init(context);
        context.setCurrentStreamTimeMs(0);
    }

    @Test
    void lateEvidenceOfAnAlertThatResolvedIsRecordedAndNotAnnouncedAgainUnderTheSameId() {
        tick(T.plus(Duration.ofMinutes(80)));
        candidate(T);
        candidate(T.plusSeconds(3));

        assertThat(context.forwarded()).extracting(forwarded -> forwarded.record().value().getAlertId() + " "
                        + forwarded.record().value().getStatus() + " " + forwarded.record().value().getOccurrences())
                .containsExactly("203.0.113.77|watchlist|2026-11-22T08:10:00Z firing 1",
                        "203.0.113.77|watchlist|2026-11-22T08:10:00Z resolved 1");
        LiveAlert held = store.get("203.0.113.77|watchlist");
        assertThat(held.status()).isEqualTo("resolved");
        assertThat(held.occurrences()).isEqualTo(2);
        assertThat(held.lastSeen()).isEqualTo(T.plusSeconds(3).toEpochMilli());
    }

    @Test
    void evidenceAfterTheQuietPeriodOfAResolvedAlertIsANewAlert() {
        candidate(T);
        tick(T.plus(Duration.ofMinutes(80)));
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(T.plus(Duration.ofMinutes(80)).toEpochMilli());
        candidate(T.plus(Duration.ofMinutes(75)));

        assertThat(context.forwarded()).extracting(forwarded -> forwarded.record().value().getAlertId() + " "
                        + forwarded.record().value().getStatus())
                .containsExactly("203.0.113.77|watchlist|2026-11-22T08:10:00Z firing",
                        "203.0.113.77|watchlist|2026-11-22T08:10:00Z resolved",
                        "203.0.113.77|watchlist|2026-11-22T09:25:00Z firing");
    }

    private void tick(Instant time) {
        context.setCurrentStreamTimeMs(time.toEpochMilli());
        deduplicator.process(new Record<>("flowsight.heartbeat", null, time.toEpochMilli()));
    }

    private void candidate(Instant time) {
        long at = time.toEpochMilli();
        long window = Math.floorDiv(at, 60_000L) * 60_000L;
        context.setCurrentStreamTimeMs(Math.max(context.currentStreamTimeMs(), at));
        deduplicator.process(new Record<>("203.0.113.77", new AlertCandidate("203.0.113.77", "watchlist", "critical",
                window, window + 60_000, at, at, null, "203.0.113.77 is on the watch-list.",
                Map.of("list", "threat-intel"), "vpcflow"), at));
    }
}
