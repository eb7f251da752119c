package io.flowsight.topology.findings.correlation;

import io.flowsight.rules.correlation.CorrelationRule;
import io.flowsight.schemas.Finding;
import io.flowsight.schemas.RuleDocument;
import io.flowsight.topology.findings.RuleBook;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Evaluates the correlation rules over their groups' events, after the repartition that keys each event by
 * correlation and group.
 *
 * <p>Windows slide: each contributing event ends a window of the correlation's {@code timespan} (both ends
 * included), the window Kafka Streams' {@code SlidingWindows} would give it, so events 9 minutes apart count together
 * in a 10m timespan wherever the clock's 10-minute boundaries fall (Sigma's specification warns that static
 * boundaries miss such events). When the condition holds for a window, one finding is sent and the events up to
 * that window's end are spent: a later window counts only events after it, so a burst gives one finding, not one per
 * further event, and a second full burst gives a second.
 *
 * <p>An event that arrives out of order counts in the windows ending at it and at the group's events up to a
 * timespan after it, as long as those windows are open: a window closes once stream time passes its end by the
 * topology's grace. An event no open window can hold is dropped here (the referenced rule's own finding, when it
 * generates one, was sent upstream regardless).
 *
 * <p>State: the events of the last timespan and grace per group, and per group the end of the last window that fired,
 * in changelogged window stores, written in the same transaction as the findings under exactly-once.
 */
public final class CorrelationWindows implements Processor<String, CorrelationEvent, String, Finding> {
    /** Each group's contributing events, at their event time. */
    public static final String EVENTS_STORE = "correlation-events";
    /** Each group's fired windows, at their end: the events up to there are spent. */
    public static final String FIRED_STORE = "correlation-fired";

    private final RuleBook rules;
    private final String publishedStore;
    private final Duration refresh;
    private final long grace;
    private ProcessorContext<String, Finding> context;
    private WindowStore<String, CorrelationEvent> events;
    private WindowStore<String, Long> fired;

    /**
     * @param rules          the correlations evaluated now; this task re-reads the rules topic too, so an instance
     *                       that runs only correlation tasks still sees published correlations
     * @param publishedStore the global store of the rules topic
     * @param refresh        how often it is re-read
     */
    public CorrelationWindows(RuleBook rules, String publishedStore, Duration refresh, Duration grace) {
        this.rules = rules;
        this.publishedStore = publishedStore;
        this.refresh = refresh;
        this.grace = grace.toMillis();
    }

    /**
     * The two stores, kept for the longest timespan evaluated plus the grace: sized by the setting rather than by the
     * rules loaded at start, since a correlation published later may be longer.
     */
    public static List<StoreBuilder<?>> storeBuilders(Duration longest, Duration grace) {
        Duration retention = longest.plus(grace);
        Serde<CorrelationEvent> eventSerde = new CorrelationEventSerde();
        return List.of(
                Stores.windowStoreBuilder(Stores.persistentWindowStore(EVENTS_STORE, retention, longest, true),
                        Serdes.String(), eventSerde),
                Stores.windowStoreBuilder(Stores.persistentWindowStore(FIRED_STORE, retention, longest, false),
                        Serdes.String(), Serdes.Long()));
    }

    @Override
    public void init(ProcessorContext<String, Finding> context) {
        this.context = context;
        this.events = context.getStateStore(EVENTS_STORE);
        this.fired = context.getStateStore(FIRED_STORE);
        ReadOnlyKeyValueStore<String, ValueAndTimestamp<RuleDocument>> published = context.getStateStore(publishedStore);
        rules.refresh(published);
        context.schedule(refresh, PunctuationType.WALL_CLOCK_TIME, now -> rules.refresh(published));
    }

    @Override
    public void process(Record<String, CorrelationEvent> record) {
        CorrelationEvent event = record.value();
        // A correlation removed from the rules since this event was sent has nothing left to evaluate.
        CorrelationRule correlation = event == null ? null
                : rules.current().correlation(event.correlationId()).orElse(null);
        if (correlation == null) {
            return;
        }
        long time = event.eventTime();
        long span = correlation.timespan().toMillis();
        long firstOpenEnd = context.currentStreamTimeMs() - grace;
        if (time + span < firstOpenEnd) {
            return;
        }
        events.put(record.key(), event, time);
        for (long end : windowEnds(record.key(), Math.max(time, firstOpenEnd), time + span)) {
            evaluate(correlation, record.key(), end, span);
        }
    }

    /** The distinct times of the group's events in [from, to]: the ends of the windows the new event may be in. */
    private TreeSet<Long> windowEnds(String key, long from, long to) {
        TreeSet<Long> ends = new TreeSet<>();
        try (WindowStoreIterator<CorrelationEvent> stored = events.fetch(key, from, to)) {
            stored.forEachRemaining(entry -> ends.add(entry.key));
        }
        return ends;
    }

    private void evaluate(CorrelationRule correlation, String key, long end, long span) {
        long start = Math.max(end - span, lastFiredEnd(key, end - span) + 1);
        if (start > end) {
            return;
        }
        List<CorrelationEvent> window = new ArrayList<>();
        try (WindowStoreIterator<CorrelationEvent> stored = events.fetch(key, start, end)) {
            stored.forEachRemaining(entry -> window.add(entry.value));
        }
        if (window.isEmpty() || !correlation.condition().holds(WindowCount.of(correlation, window))) {
            return;
        }
        fired.put(key, end, end);
        Finding finding = CorrelationFindings.of(correlation, window);
        context.forward(new Record<>(finding.getFindingId(), finding, end));
    }

    /** The end of the group's latest fired window that ends at or after {@code from}; Long.MIN_VALUE if none. */
    private long lastFiredEnd(String key, long from) {
        long last = Long.MIN_VALUE;
        try (WindowStoreIterator<Long> stored = fired.fetch(key, from, Long.MAX_VALUE)) {
            while (stored.hasNext()) {
                KeyValue<Long, Long> entry = stored.next();
                last = Math.max(last, entry.value);
            }
        }
        return last;
    }
}
