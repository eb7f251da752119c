package io.flowsight.topology.alert;

import io.flowsight.schemas.WatchlistEntry;
import io.flowsight.topology.detect.AlertCandidate;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Raises a {@code watchlist} alert candidate when a record mentions an address that is on the watch-list (an
 * address or a CIDR block). The watch-list is the compacted {@code watchlist} topic read as a global table; each task
 * re-reads it into an in-memory {@link AddressRanges} every refresh interval, so a lookup costs a few hash probes
 * instead of one store read per prefix length. Candidates for the same address are passed on at most once per quiet
 * period from each task; the deduplicator does the rest.
 */
public final class WatchlistMatcher<V> implements Processor<String, V, String, AlertCandidate> {
    private final String storeName;
    private final String logType;
    private final Function<V, List<String>> addresses;
    private final Duration refresh;
    private final long quietPeriod;
    private final long window;
    private final Map<String, Long> lastPassedOn = new HashMap<>();
    private ProcessorContext<String, AlertCandidate> context;
    private KeyValueStore<String, ValueAndTimestamp<WatchlistEntry>> store;
    private AddressRanges<WatchlistEntry> ranges = new AddressRanges<>();

    public WatchlistMatcher(String storeName, String logType, Function<V, List<String>> addresses, Duration refresh,
                            Duration quietPeriod, Duration window) {
        this.storeName = storeName;
        this.logType = logType;
        this.addresses = addresses;
        this.refresh = refresh;
        this.quietPeriod = quietPeriod.toMillis();
        this.window = window.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, AlertCandidate> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        reload();
        context.schedule(refresh, PunctuationType.WALL_CLOCK_TIME, now -> reload());
    }

    private void reload() {
        AddressRanges<WatchlistEntry> fresh = new AddressRanges<>();
        try (KeyValueIterator<String, ValueAndTimestamp<WatchlistEntry>> entries = store.all()) {
            entries.forEachRemaining(entry -> {
                if (entry.value != null && entry.value.value() != null) {
                    try {
                        fresh.add(entry.value.value().getIndicator(), entry.value.value());
                    } catch (IllegalArgumentException notAnAddress) {
                        // A malformed indicator matches nothing; the watch-list loader rejects them up front.
                    }
                }
            });
        }
        ranges = fresh;
        if (lastPassedOn.size() > 100_000) {
            lastPassedOn.clear();
        }
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.value() == null || ranges.isEmpty()) {
            return;
        }
        long time = record.timestamp();
        for (String address : addresses.apply(record.value())) {
            Optional<WatchlistEntry> match = ranges.lookup(address);
            if (match.isEmpty() || expired(match.get(), time)) {
                continue;
            }
            Long last = lastPassedOn.get(address);
            if (last != null && Math.abs(time - last) < quietPeriod) {
                continue;
            }
            lastPassedOn.put(address, time);
            WatchlistEntry entry = match.get();
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("indicator", entry.getIndicator());
            if (entry.getListName() != null) {
                evidence.put("list", entry.getListName());
            }
            if (entry.getReason() != null) {
                evidence.put("reason", entry.getReason());
            }
            evidence.put("log_type", logType);
            long windowStart = Math.floorDiv(time, window) * window;
            String summary = address + " is on the watch-list" + (entry.getListName() == null ? ""
                    : " '" + entry.getListName() + "'") + " (" + entry.getIndicator()
                    + (entry.getReason() == null ? "" : ": " + entry.getReason()) + ") and appeared in " + logType
                    + " at " + Instant.ofEpochMilli(time) + ".";
            context.forward(new Record<>(address, new AlertCandidate(address, "watchlist",
                    entry.getSeverity() == null ? "high" : entry.getSeverity(), windowStart, windowStart + window,
                    time, time, null, summary, evidence, logType), time));
        }
    }

    private static boolean expired(WatchlistEntry entry, long time) {
        return entry.getExpiresAt() != null && entry.getExpiresAt().toEpochMilli() <= time;
    }
}
